import { errorCatalogue } from '../common/errors/domain-error.js';

/**
 * Every code the auth feature (accounts, sessions, tokens, password reset, email confirmation, OAuth, admin
 * succession) answers with.
 */
export class AuthError extends errorCatalogue({
  unauthenticated: 'unauthenticated',
  invalid_credentials: 'unauthenticated',
  invalid_token: 'unauthenticated',
  oauth_denied: 'unauthenticated',
  oauth_failed: 'unauthenticated',
  forbidden: 'forbidden',
  csrf_failed: 'forbidden',
  api_key_forbidden: 'forbidden',
  oauth_email_required: 'forbidden',
  link_requires_session: 'forbidden',
  email_taken: 'conflict',
  last_admin: 'conflict',
  reset_token_expired: 'bad_request',
  reset_token_invalid: 'bad_request',
  confirm_token_expired: 'bad_request',
  confirm_token_invalid: 'bad_request',
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

/**
 * A sign-in or a link (`?intent=link`) that cannot be completed safely. Nobody is signed in and nothing is linked;
 * the browser is sent to the failure URL with `error=<code>`, because the callback is a browser navigation, not an
 * API call. `identity_linked_elsewhere`: that provider account already signs in to another Hearth account;
 * `provider_already_linked`: the account has another identity at that provider (unlink it first).
 */
export class OAuthSignInRefusedError extends errorCatalogue({
  oauth_email_unverified: 'conflict',
  identity_linked_elsewhere: 'conflict',
  provider_already_linked: 'conflict',
}) {}
