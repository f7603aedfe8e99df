import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the comments feature answers with. */
export class CommentsError extends errorCatalogue({
  not_found: 'not_found',
  forbidden: 'forbidden',
  edit_window_closed: 'forbidden',
  invalid_parent: 'unprocessable',
  rate_limited: 'too_many_requests',
}) {}

export type CommentsErrorCode = CommentsError['code'];
