import { errorCatalogue } from '../../common/errors/domain-error.js';

/** Every code the sessions list and its "sign out this session" answer with themselves. */
export class AccountSessionsError extends errorCatalogue({
  session_not_found: 'not_found',
}) {}

export type AccountSessionsErrorCode = AccountSessionsError['code'];
