import { errorCatalogue } from '../../common/errors/domain-error.js';

/**
 * Every code the password and email changes answer with themselves (wrong passwords, brute-force refusals and
 * confirm-link errors are the auth feature's `invalid_credentials`, `rate_limited`, `confirm_token_*` and
 * `email_taken`).
 */
export class CredentialsError extends errorCatalogue({
  reauthentication_required: 'forbidden',
}) {}

export type CredentialsErrorCode = CredentialsError['code'];
