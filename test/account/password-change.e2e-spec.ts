import argon2 from 'argon2';
import { startAppWithMailbox, stopAppWithMailbox, STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import type { FakeSmtpServer, ReceivedMail } from '../auth/fake-smtp-server.js';
import { accessTokenFor, sessionCookieFor } from '../support/auth.js';
import { buildPasswordResetToken, buildUser } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { ageSessions, apiKeyFor, sessionStartedFor } from './account-helpers.js';

// A signed-in person changes their password: the current one is proven (under the sign-in brute-force limits),
// every other sign-in of theirs ends, the session they changed it from stays, and the account is told by mail.

const ORIGIN = 'http://hearth.test';
const NEW_PASSWORD = 'a brand new passphrase';
const FAILURES_PER_ACCOUNT = 3;

describe('Changing the password (PUT /api/auth/password)', () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMailbox({
      PUBLIC_URL: ORIGIN,
      AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: String(FAILURES_PER_ACCOUNT),
    }));
  });
  afterAll(() => stopAppWithMailbox(t, smtp));

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = (headers: Record<string, string>) => t.http.get('/api/auth/me', { headers });
  const changePassword = (headers: Record<string, string>, body: unknown) =>
    t.http.put('/api/auth/password', body, { headers: { origin: ORIGIN, ...headers } });
  const signIn = (email: string, password: string) => t.http.post('/api/auth/token', { email, password });
  const noticeTo = (email: string) => (mail: ReceivedMail) =>
    mail.to.includes(email) && /password was changed/i.test(mail.headers.subject ?? '');

  async function signInTwice(email: string) {
    const credentials = { email, password: STRONG_PASSWORD };
    const tokens = (await signIn(email, STRONG_PASSWORD)).body;
    return {
      laptop: await sessionCookieFor(t, credentials, ORIGIN),
      phone: await sessionCookieFor(t, credentials, ORIGIN),
      accessToken: tokens.access_token as string,
      refreshToken: tokens.refresh_token as string,
    };
  }

  it('from a session: 204; every other session, refresh token and access token ends, this session stays, a notice is mailed', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const { laptop, phone, accessToken, refreshToken } = await signInTwice(user.email);
    const resetToken = await buildPasswordResetToken(t.prisma, user.id);

    const changed = await changePassword(
      { cookie: laptop },
      { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
    );
    expect(changed.status).toBe(204);
    expect(changed.text).toBe('');

    expect((await me({ cookie: laptop })).status).toBe(200);
    expect((await me({ cookie: phone })).status).toBe(401);
    const oldToken = await me(bearer(accessToken));
    expect(oldToken.status).toBe(401);
    expect(oldToken.body.error.code).toBe('invalid_token');
    expect((await t.http.post('/api/auth/token/refresh', { refresh_token: refreshToken })).status).toBe(401);
    const reset = await t.http.post('/api/auth/password/reset', {
      token: resetToken,
      password: 'x'.repeat(12),
    });
    expect(reset.body.error.code).toBe('reset_token_invalid');

    expect((await signIn(user.email, STRONG_PASSWORD)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
    const notice = await smtp.waitForMail(noticeTo(user.email));
    expect(notice.text).toMatch(/every other device was signed out/);
  });

  it('from a bearer token: 204, and that token ends too (the client signs in again with the new password)', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const { laptop, accessToken } = await signInTwice(user.email);

    const changed = await changePassword(bearer(accessToken), {
      current_password: STRONG_PASSWORD,
      new_password: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);
    expect((await me(bearer(accessToken))).status).toBe(401);
    expect((await me({ cookie: laptop })).status).toBe(401);
    const again = await signIn(user.email, NEW_PASSWORD);
    expect((await me(bearer(again.body.access_token))).status).toBe(200);
  });

  it('works when proving the current password upgrades its outdated hash on the way', async () => {
    const user = await buildUser(t.prisma);
    const weakHash = await argon2.hash(STRONG_PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 1,
    });
    await t.prisma.user.update({ where: { id: user.id }, data: { passwordHash: weakHash } });
    const headers = bearer(await accessTokenFor(t, user));

    const changed = await changePassword(headers, {
      current_password: STRONG_PASSWORD,
      new_password: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('two concurrent changes with the same current password: exactly one wins, and its password is the one set', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const headers = bearer(await accessTokenFor(t, user));
    const candidates = ['first new passphrase', 'second new passphrase'];

    const answers = await Promise.all(
      candidates.map((password) =>
        changePassword(headers, { current_password: STRONG_PASSWORD, new_password: password }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 401]);
    const winner = candidates[answers.findIndex((answer) => answer.status === 204)];
    const loser = candidates.find((password) => password !== winner)!;
    expect((await signIn(user.email, winner)).status).toBe(200);
    expect((await signIn(user.email, loser)).status).toBe(401);
  });

  it('a wrong current password is 401 invalid_credentials, counted like sign-in attempts until 429', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const wrong = { current_password: 'not my password', new_password: NEW_PASSWORD };
    for (let attempt = 0; attempt < FAILURES_PER_ACCOUNT; attempt += 1) {
      const refused = await changePassword({ cookie }, wrong);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('invalid_credentials');
    }
    const limited = await changePassword({ cookie }, { ...wrong, current_password: STRONG_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Nothing changed: the session still works and the password is the old one.
    expect((await me({ cookie })).status).toBe(200);
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(user.passwordHash);
  });

  it('refuses bad bodies with 400 and the fields named, and a missing current password with 403', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const headers = bearer(await accessTokenFor(t, user));
    const short = await changePassword(headers, { current_password: STRONG_PASSWORD, new_password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('validation_failed');
    expect(short.body.error.details).toEqual([expect.objectContaining({ field: 'new_password' })]);
    const wrongTypes = await changePassword(headers, { current_password: 42, new_password: ['x'] });
    expect(wrongTypes.status).toBe(400);
    const fields = new Set(wrongTypes.body.error.details.map((d: { field: string }) => d.field));
    expect([...fields].sort()).toEqual(['current_password', 'new_password']);
    const missing = await changePassword(headers, { new_password: NEW_PASSWORD });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('reauthentication_required');
    expect((await me(headers)).status).toBe(200);
  });

  it('needs a signed-in person: 401 without credentials, 403 api_key_forbidden for an API key, 403 csrf_failed cross-site', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const body = { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD };
    expect((await changePassword({}, body)).status).toBe(401);
    const withKey = await changePassword({ 'x-api-key': await apiKeyFor(t, user) }, body);
    expect(withKey.status).toBe(403);
    expect(withKey.body.error.code).toBe('api_key_forbidden');
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const crossSite = await changePassword({ cookie, origin: 'https://evil.example' }, body);
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('csrf_failed');
    expect((await signIn(user.email, STRONG_PASSWORD)).status).toBe(200);
  });

  describe('an OAuth-only account (no password)', () => {
    it('sets a password without current_password from a session younger than 10 minutes', async () => {
      const user = await buildUser(t.prisma);
      const cookie = await sessionStartedFor(t, user);
      const other = await sessionStartedFor(t, user);

      const set = await changePassword({ cookie }, { new_password: NEW_PASSWORD });
      expect(set.status).toBe(204);
      expect((await me({ cookie })).status).toBe(200);
      expect((await me({ cookie: other })).status).toBe(401);
      expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
      const notice = await smtp.waitForMail(noticeTo(user.email));
      expect(notice.text).toMatch(/A password was set/);
    });

    it('is refused 403 reauthentication_required from an older session or a bearer token', async () => {
      const user = await buildUser(t.prisma);
      const cookie = await sessionStartedFor(t, user);
      await ageSessions(t, user.id, 11);
      const old = await changePassword({ cookie }, { new_password: NEW_PASSWORD });
      expect(old.status).toBe(403);
      expect(old.body.error.code).toBe('reauthentication_required');
      const viaToken = await changePassword(bearer(await accessTokenFor(t, user)), {
        new_password: NEW_PASSWORD,
      });
      expect(viaToken.status).toBe(403);
      expect(viaToken.body.error.code).toBe('reauthentication_required');
      const guessed = await changePassword(
        { cookie },
        { current_password: 'guess', new_password: NEW_PASSWORD },
      );
      expect(guessed.status).toBe(401);
      expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
    });
  });
});
