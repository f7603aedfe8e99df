import type { AuthenticatedUser } from './authenticated-user.js';

/**
 * Verifies a bearer access token (HTTP `Authorization: Bearer`, socket.io handshake `auth.token`).
 * Throws UnauthenticatedError('invalid_token') for a bad or expired token.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string): Promise<AuthenticatedUser>;
}
