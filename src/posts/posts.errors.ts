import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the posts feature answers with. */
export class PostsError extends errorCatalogue({
  invalid_cursor: 'bad_request',
  forbidden: 'forbidden',
  not_found: 'not_found',
  too_many_streams: 'too_many_requests',
}) {}

export type PostsErrorCode = PostsError['code'];
