import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the posts feature answers with. */
export class PostsError extends errorCatalogue({
  invalid_cursor: 'bad_request',
  forbidden: 'forbidden',
  not_found: 'not_found',
}) {}

export type PostsErrorCode = PostsError['code'];
