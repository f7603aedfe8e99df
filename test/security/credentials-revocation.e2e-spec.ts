import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { sessionCookieFor } from '../support/auth.js';
import { buildPasswordResetToken, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Credentials die together: "sign out everywhere" and a password reset end every session and refresh token of the
// user, and every access token issued before them is refused from then on, on every instance.

const ORIGIN = 'http://hearth.test';

interface Credentials {
  cookie: string;
  accessToken: string;
  refreshToken: string;
}

/** JWT `iat` (whole seconds) of an access token. */
function issuedAtSecond(token: string): number {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).iat as number;
}

describe('Credentials die together', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = (headers: Record<string, string>) => t.http.get('/api/auth/me', { headers });

  async function signInEverywhere(email: string): Promise<Credentials> {
    const cookie = await sessionCookieFor(t, { email, password: STRONG_PASSWORD }, ORIGIN);
    const tokens = await t.http.post('/api/auth/token', { email, password: STRONG_PASSWORD });
    expect(tokens.status).toBe(200);
    return { cookie, accessToken: tokens.body.access_token, refreshToken: tokens.body.refresh_token };
  }

  async function expectAllRefused(credentials: Credentials): Promise<void> {
    expect((await me({ cookie: credentials.cookie })).status).toBe(401);
    const withToken = await me(bearer(credentials.accessToken));
    expect(withToken.status).toBe(401);
    expect(withToken.body.error.code).toBe('invalid_token');
    const refreshed = await t.http.post('/api/auth/token/refresh', {
      refresh_token: credentials.refreshToken,
    });
    expect(refreshed.status).toBe(401);
  }

  const logoutAll = (headers: Record<string, string>) =>
    t.http.post('/api/auth/logout-all', undefined, { headers: { origin: ORIGIN, ...headers } });

  it('POST /api/auth/logout-all ends every session, refresh token and access token of the caller, and no one else’s', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const other = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const laptop = await signInEverywhere(user.email);
    const phone = await signInEverywhere(user.email);
    const bystander = await signInEverywhere(other.email);

    const response = await logoutAll({ cookie: laptop.cookie });
    expect(response.status).toBe(204);
    expect(response.headers['set-cookie']?.join()).toMatch(/hearth_session=;.*Expires=Thu, 01 Jan 1970/);

    await expectAllRefused(laptop);
    await expectAllRefused(phone);
    expect((await me({ cookie: bystander.cookie })).status).toBe(200);
    expect((await me(bearer(bystander.accessToken))).status).toBe(200);
    // Signing in again works at once.
    expect((await me(bearer((await signInEverywhere(user.email)).accessToken))).status).toBe(200);
  });

  it('logout-all works with a bearer token too, and needs a signed-in person', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const session = await signInEverywhere(user.email);
    expect((await t.http.post('/api/auth/logout-all')).status).toBe(401);
    expect((await logoutAll(bearer(session.accessToken))).status).toBe(204);
    await expectAllRefused(session);
  });

  it('a password reset refuses access tokens issued before it', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const before = await signInEverywhere(user.email);
    const token = await buildPasswordResetToken(t.prisma, user.id);
    const reset = await t.http.post('/api/auth/password/reset', {
      token,
      password: 'a brand new passphrase',
    });
    expect(reset.status).toBe(200);
    await expectAllRefused(before);
  });

  // JWT `iat` has whole seconds. A token minted in the very second of a logout-all must be judged by whether it
  // was minted before or after it, not by its second: the case is set up until both land in the same second.
  it('within the second of a logout-all, the token minted before it is refused and the one minted after it works', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    for (let attempt = 1; ; attempt += 1) {
      const before = await signInEverywhere(user.email);
      expect((await logoutAll(bearer(before.accessToken))).status).toBe(204);
      const after = await signInEverywhere(user.email);
      const { credentialsChangedAt } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      const changeSecond = Math.floor(credentialsChangedAt.getTime() / 1000);
      const sameSecond =
        issuedAtSecond(before.accessToken) === changeSecond &&
        issuedAtSecond(after.accessToken) === changeSecond;
      if (!sameSecond && attempt < 20) continue;
      expect(sameSecond).toBe(true);
      expect((await me(bearer(before.accessToken))).status).toBe(401);
      expect((await me(bearer(after.accessToken))).status).toBe(200);
      expect(
        (await t.http.post('/api/auth/token/refresh', { refresh_token: after.refreshToken })).status,
      ).toBe(200);
      return;
    }
  });
});
