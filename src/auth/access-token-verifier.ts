import type { AuthenticatedUser } from './authenticated-user.js';

/**
 * Verifies a bearer access token (HTTP `Authorization: Bearer`, socket.io handshake `auth.token`).
 * Throws UnauthenticatedError('invalid_token') for a bad or expired token.
 */
export abstract class AccessTokenVerifier {
  /** The user the token names is read as of now (the reads of one event-loop turn share one query). */
  abstract verify(token: string): Promise<AuthenticatedUser>;
  /**
   * Whether a user that `verify` returned would still be returned now, given the user's current credentials epoch
   * (undefined: the account is gone), read by the caller: the epoch is unchanged and the session that minted the
   * token, if any, is still live. Long-lived connections re-check with this instead of verifying the token again.
   */
  abstract isStillValid(user: AuthenticatedUser, currentEpoch: Date | undefined): Promise<boolean>;
}
