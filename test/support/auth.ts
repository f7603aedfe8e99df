import { AccessTokenService } from '../../src/auth/access-token.service.js';
import type { User } from '../../src/generated/prisma/client.js';
import type { TestApp } from './test-app.js';

/**
 * Authenticating test requests and sockets as `user`: a real access token (HS256 JWT), minted by the app's own
 * token service under the user's current credentials epoch, exactly as `POST /api/auth/token` would issue it.
 */
export async function accessTokenFor(t: TestApp, user: Pick<User, 'id'>): Promise<string> {
  const tokens = t.app.get(AccessTokenService);
  const { credentialsChangedAt } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  const subject = { id: user.id, credentialsEpoch: credentialsChangedAt };
  const { token } = await tokens.issue(subject, t.config.auth.accessTokenTtlSeconds);
  return token;
}

export async function authHeadersFor(t: TestApp, user: Pick<User, 'id'>): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await accessTokenFor(t, user)}` };
}

/** Signs in through `POST /api/auth/login` as a browser at `origin` would; returns the `hearth_session=…` cookie. */
export async function sessionCookieFor(
  t: TestApp,
  credentials: { email: string; password: string },
  origin = t.config.http.publicUrl,
): Promise<string> {
  const response = await t.http.post('/api/auth/login', credentials, { headers: { origin } });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${response.text}`);
  const line = (response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('hearth_session='));
  return line!.split(';')[0];
}

/** A socket token from `GET /api/auth/socket-token`, as a browser signed in by `cookie` gets it. */
export async function socketTokenFor(t: TestApp, headers: Record<string, string>): Promise<string> {
  const response = await t.http.get('/api/auth/socket-token', { headers });
  if (response.status !== 200) throw new Error(`socket-token answered ${response.status}: ${response.text}`);
  return response.body.token as string;
}
