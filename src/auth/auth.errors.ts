import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the auth feature (accounts, sessions, tokens, password reset, OAuth) answers with. */
export class AuthError extends errorCatalogue({
  unauthenticated: 'unauthenticated',
  invalid_credentials: 'unauthenticated',
  invalid_token: 'unauthenticated',
  oauth_denied: 'unauthenticated',
  oauth_failed: 'unauthenticated',
  forbidden: 'forbidden',
  csrf_failed: 'forbidden',
  oauth_email_required: 'forbidden',
  email_taken: 'conflict',
  oauth_email_unverified: 'conflict',
  reset_token_expired: 'bad_request',
  reset_token_invalid: 'bad_request',
  oauth_code_missing: 'bad_request',
  invalid_oauth_state: 'bad_request',
  oauth_provider_not_configured: 'not_found',
  rate_limited: 'too_many_requests',
  service_unavailable: 'service_unavailable',
}) {}

export type AuthErrorCode = AuthError['code'];

/**
 * A sign-in that cannot even start (the provider's strategy built no redirect) is an upstream failure, 502, while
 * the same `oauth_failed` at the callback is a failed sign-in, 401: two kinds under one code, kept as the API has it.
 */
export class OAuthStartError extends errorCatalogue({ oauth_failed: 'bad_gateway' }) {}
