import argon2 from 'argon2';
import { buildUser } from '../support/factories.js';
import { productionEnv } from '../support/production-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { cookieFrom, setCookieFor, sha256Hex, STRONG_PASSWORD } from './auth-test-helpers.js';

const ORIGIN = 'http://hearth.test';
const DAY_MS = 86_400_000;

describe('Cookie sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(() => t.close());

  async function login(email: string, password: string, headers: Record<string, string> = {}) {
    return t.http.post('/api/auth/login', { email, password }, { headers: { origin: ORIGIN, ...headers } });
  }

  async function signedInCookie(): Promise<{ cookie: string; userId: number; email: string }> {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const response = await login(user.email, STRONG_PASSWORD);
    expect(response.status).toBe(200);
    return { cookie: cookieFrom(response, 'hearth_session')!, userId: user.id, email: user.email };
  }

  it('registers, logs in with an HttpOnly SameSite=Lax cookie, shows the user at /me and logs out', async () => {
    const email = `New.Person.${Date.now()}@Example.test`;
    const registered = await t.http.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email: email.toLowerCase(), role: 'user' });
    expect(registered.body).not.toHaveProperty('password_hash');
    // Registering signs nobody in: only login sets the session cookie.
    expect(registered.headers['set-cookie']).toBeUndefined();

    const loggedIn = await login(`  ${email.toUpperCase()} `, STRONG_PASSWORD);
    expect(loggedIn.status).toBe(200);
    const setCookie = setCookieFor(loggedIn, 'hearth_session')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = cookieFrom(loggedIn, 'hearth_session')!;

    const me = await t.http.get('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: registered.body.id, email: email.toLowerCase(), role: 'user' });
    expect(me.headers['cache-control']).toContain('private');

    const logout = await t.http.post('/api/auth/logout', undefined, { headers: { cookie, origin: ORIGIN } });
    expect(logout.status).toBe(204);
    expect(setCookieFor(logout, 'hearth_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await t.http.get('/api/auth/me', { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('stores only a hash of the session id', async () => {
    const { cookie, userId } = await signedInCookie();
    const rawId = cookie.split('=')[1];
    const sessions = await t.prisma.session.findMany({ where: { userId } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].tokenHash).toBe(sha256Hex(decodeURIComponent(rawId)));
    expect(sessions[0].tokenHash).not.toContain(rawId);
  });

  it('refuses a second registration of the same email (any case) with 409', async () => {
    const user = await buildUser(t.prisma);
    const response = await t.http.post('/api/auth/register', {
      email: user.email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('email_taken');
  });

  it('lists every bad field of a registration without echoing the password', async () => {
    const response = await t.http.post('/api/auth/register', { email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'password',
    ]);
    expect(response.text).not.toContain('short"');
  });

  it('answers wrong credentials identically whether or not the email exists', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const wrongPassword = await login(user.email, 'wrong password!');
    const unknownEmail = await login(`nobody-${Date.now()}@example.test`, 'wrong password!');
    const oauthOnly = await buildUser(t.prisma);
    const noPassword = await login(oauthOnly.email, 'wrong password!');
    for (const response of [wrongPassword, unknownEmail, noPassword]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual(wrongPassword.body);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrongPassword.body.error.code).toBe('invalid_credentials');
  });

  it('issues a new session id at every login and ends the one the browser came with (no fixation)', async () => {
    const { cookie: first, email } = await signedInCookie();
    const again = await login(email, STRONG_PASSWORD, { cookie: first });
    const second = cookieFrom(again, 'hearth_session')!;
    expect(second).not.toEqual(first);
    expect((await t.http.get('/api/auth/me', { headers: { cookie: first } })).status).toBe(401);
    expect((await t.http.get('/api/auth/me', { headers: { cookie: second } })).status).toBe(200);

    const planted = 'hearth_session=attacker-chosen-value';
    const fresh = await login(email, STRONG_PASSWORD, { cookie: planted });
    expect(fresh.status).toBe(200);
    const issued = cookieFrom(fresh, 'hearth_session');
    expect(issued).toMatch(/^hearth_session=[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toEqual(planted);
    expect((await t.http.get('/api/auth/me', { headers: { cookie: issued! } })).status).toBe(200);
    expect((await t.http.get('/api/auth/me', { headers: { cookie: planted } })).status).toBe(401);
  });

  describe('CSRF (Origin check on cookie-authenticated unsafe requests)', () => {
    it('refuses a state-changing request from another origin with 403 csrf_failed', async () => {
      const { cookie } = await signedInCookie();
      const response = await t.http.post(
        '/api/v1/posts',
        { title: 'forged', body: 'forged' },
        { headers: { cookie, origin: 'https://evil.example' } },
      );
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('csrf_failed');
      expect(await t.prisma.post.count({ where: { title: 'forged' } })).toBe(0);
    });

    it('refuses a cookie-authenticated write that proves no origin at all', async () => {
      const { cookie } = await signedInCookie();
      const response = await t.http.post('/api/v1/posts', { title: 'x', body: 'y' }, { headers: { cookie } });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('csrf_failed');
    });

    it('accepts writes from the allowed origin, or a same-origin Referer, and reads from anywhere', async () => {
      const { cookie } = await signedInCookie();
      const byOrigin = await t.http.post(
        '/api/v1/posts',
        { title: 'mine', body: 'ok' },
        { headers: { cookie, origin: ORIGIN } },
      );
      expect(byOrigin.status).toBe(201);
      const byReferer = await t.http.post(
        '/api/v1/posts',
        { title: 'mine too', body: 'ok' },
        { headers: { cookie, referer: `${ORIGIN}/editor?draft=1` } },
      );
      expect(byReferer.status).toBe(201);
      const read = await t.http.get('/api/auth/me', { headers: { cookie, origin: 'https://evil.example' } });
      expect(read.status).toBe(200);
    });

    it('refuses a cross-site logout, which would otherwise end the session', async () => {
      const { cookie } = await signedInCookie();
      const response = await t.http.post('/api/auth/logout', undefined, {
        headers: { cookie, origin: 'https://evil.example' },
      });
      expect(response.status).toBe(403);
      expect((await t.http.get('/api/auth/me', { headers: { cookie } })).status).toBe(200);
    });

    it('refuses a login posted from another origin (login CSRF)', async () => {
      const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const response = await login(user.email, STRONG_PASSWORD, { origin: 'https://evil.example' });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('csrf_failed');
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('does not apply to bearer-authenticated requests', async () => {
      const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const tokens = await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD });
      const response = await t.http.post(
        '/api/v1/posts',
        { title: 'api', body: 'client' },
        { headers: { authorization: `Bearer ${tokens.body.access_token}`, origin: 'https://evil.example' } },
      );
      expect(response.status).toBe(201);
    });
  });

  describe('expiry', () => {
    it('ends a session that has been idle longer than the idle timeout', async () => {
      const { cookie, userId } = await signedInCookie();
      const longAgo = new Date(Date.now() - 8 * DAY_MS);
      await t.prisma.session.updateMany({ where: { userId }, data: { lastSeenAt: longAgo } });
      const response = await t.http.get('/api/auth/me', { headers: { cookie } });
      expect(response.status).toBe(401);
      expect(await t.prisma.session.count({ where: { userId } })).toBe(0);
    });

    it('ends an active session once the absolute timeout has passed since sign-in', async () => {
      const { cookie, userId } = await signedInCookie();
      await t.prisma.session.updateMany({
        where: { userId },
        data: { createdAt: new Date(Date.now() - 31 * DAY_MS), lastSeenAt: new Date() },
      });
      expect((await t.http.get('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    });

    it('keeps an active session alive by sliding its idle expiry', async () => {
      const { cookie, userId } = await signedInCookie();
      const sixDaysAgo = new Date(Date.now() - 6 * DAY_MS);
      await t.prisma.session.updateMany({
        where: { userId },
        data: { lastSeenAt: sixDaysAgo, expiresAt: new Date(Date.now() + DAY_MS) },
      });
      expect((await t.http.get('/api/auth/me', { headers: { cookie } })).status).toBe(200);
      const [session] = await t.prisma.session.findMany({ where: { userId } });
      expect(session.lastSeenAt.getTime()).toBeGreaterThan(sixDaysAgo.getTime());
      expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * DAY_MS);
    });

    it('treats a stale cookie on a public route as anonymous rather than failing', async () => {
      const response = await t.http.get('/api/v1/posts', {
        headers: { cookie: 'hearth_session=expired-or-unknown' },
      });
      expect(response.status).toBe(200);
    });
  });

  it('upgrades a password hash made with weaker argon2 parameters at the next login', async () => {
    const weakHash = await argon2.hash(STRONG_PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 8_192,
      timeCost: 1,
    });
    const user = await buildUser(t.prisma);
    await t.prisma.user.update({ where: { id: user.id }, data: { passwordHash: weakHash } });
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(200);
    const { passwordHash } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(200);
  });
});

describe('Cookie sessions in production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: productionEnv({ PUBLIC_URL: ORIGIN, LOG_LEVEL: 'silent' }),
    });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const response = await t.http.post(
      '/api/auth/login',
      { email: user.email, password: STRONG_PASSWORD },
      { headers: { origin: ORIGIN } },
    );
    expect(response.status).toBe(200);
    expect(setCookieFor(response, 'hearth_session')).toMatch(/; Secure/i);
  });
});
