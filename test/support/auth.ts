import { AccessTokenService } from '../../src/auth/access-token.service.js';
import type { User } from '../../src/generated/prisma/client.js';
import type { TestApp } from './test-app.js';

/**
 * Authenticating test requests and sockets as `user`: a real access token (HS256 JWT), minted by the app's own
 * token service, exactly as `POST /api/auth/token` would issue it.
 */
export async function accessTokenFor(t: TestApp, user: Pick<User, 'id'>): Promise<string> {
  const tokens = t.app.get(AccessTokenService);
  const { token } = await tokens.issue(user, t.config.auth.accessTokenTtlSeconds);
  return token;
}

export async function authHeadersFor(t: TestApp, user: Pick<User, 'id'>): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await accessTokenFor(t, user)}` };
}
