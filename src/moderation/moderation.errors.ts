import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the moderation feature (hiding, the audit log, reports) answers with. */
export class ModerationError extends errorCatalogue({
  not_found: 'not_found',
  invalid_cursor: 'bad_request',
  already_reported: 'conflict',
  report_already_resolved: 'conflict',
  rate_limited: 'too_many_requests',
}) {}

export type ModerationErrorCode = ModerationError['code'];
