import { errorCatalogue } from '../../common/errors/domain-error.js';

/**
 * Every code the password and email changes answer with themselves (wrong passwords, brute-force refusals and
 * confirm-link errors are the auth feature's `invalid_credentials`, `rate_limited` and `confirm_token_*`).
 */
export class CredentialsError extends errorCatalogue({
  reauthentication_required: 'forbidden',
  email_taken: 'conflict',
}) {}

export type CredentialsErrorCode = CredentialsError['code'];
