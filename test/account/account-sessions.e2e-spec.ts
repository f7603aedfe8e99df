import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { accessTokenFor, sessionCookieFor, socketTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKeyFor, sessionIdOf } from './account-helpers.js';

// A signed-in person sees where they are signed in (roughly: the network, never the full address) and signs out
// a device they do not recognise.

const ORIGIN = 'http://hearth.test';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1';

describe('Your sessions (GET and DELETE /api/auth/sessions)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The client address comes from X-Forwarded-For here, so that tests can sign in from any network.
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN, TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const list = (headers: Record<string, string>) => t.http.get('/api/auth/sessions', { headers });
  const end = (id: string, headers: Record<string, string>) =>
    t.http.delete(`/api/auth/sessions/${id}`, { headers: { origin: ORIGIN, ...headers } });
  const me = (cookie: string) => t.http.get('/api/auth/me', { headers: { cookie } });

  async function signInFrom(email: string, userAgent: string, address: string): Promise<string> {
    const response = await t.http.post(
      '/api/auth/login',
      { email, password: STRONG_PASSWORD },
      { headers: { origin: ORIGIN, 'user-agent': userAgent, 'x-forwarded-for': address } },
    );
    expect(response.status).toBe(200);
    return response.headers['set-cookie']!.find((line) => line.startsWith('hearth_session='))!.split(';')[0];
  }

  it('lists the caller’s sessions with the network they signed in from, and marks the current one', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const other = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const laptop = await signInFrom(user.email, LAPTOP, '203.0.113.77');
    const phone = await signInFrom(user.email, PHONE, '2001:db8:7:1::5');
    await signInFrom(other.email, LAPTOP, '198.51.100.1');

    const response = await list({ cookie: phone });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/private/);
    expect(response.body.data).toHaveLength(2);
    const byAgent = Object.fromEntries(
      response.body.data.map((s: { user_agent: string }) => [s.user_agent, s]),
    );
    expect(byAgent[PHONE]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      last_seen_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      user_agent: PHONE,
      ip_prefix: '2001:db8:7::/48',
      current: true,
    });
    expect(byAgent[LAPTOP]).toMatchObject({ ip_prefix: '203.0.113.0/24', current: false });
    expect(await sessionIdOf(t, laptop)).toBe(byAgent[LAPTOP].id);

    // Only the network is stored, never the address itself.
    const rows = await t.prisma.session.findMany({ where: { userId: user.id } });
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113\.77|2001:db8:7:1/);

    const viaToken = await list(bearer(await accessTokenFor(t, user)));
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.data.map((s: { current: boolean }) => s.current)).toEqual([false, false]);
    // A socket token names the session that minted it, but it is not that session.
    const viaSocketToken = await list(bearer(await socketTokenFor(t, { cookie: phone })));
    expect(viaSocketToken.body.data.map((s: { current: boolean }) => s.current)).toEqual([false, false]);
  });

  it('does not list sessions that have expired', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const laptop = await signInFrom(user.email, LAPTOP, '203.0.113.5');
    const phone = await signInFrom(user.email, PHONE, '203.0.113.6');
    const phoneId = await sessionIdOf(t, phone);
    await t.prisma.session.update({
      where: { id: phoneId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const listed = (await list({ cookie: laptop })).body.data.map(
      (s: { user_agent: string }) => s.user_agent,
    );
    expect(listed).toEqual([LAPTOP]);
  });

  it('last_seen_at moves when a session is used after a minute, and not on every request', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await t.prisma.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: twoMinutesAgo } });

    const first = (await list({ cookie })).body.data[0].last_seen_at as string;
    expect(new Date(first).getTime()).toBeGreaterThan(twoMinutesAgo.getTime());
    const second = (await list({ cookie })).body.data[0].last_seen_at as string;
    expect(second).toBe(first);
  });

  it('DELETE ends that session only; its cookie stops working', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const laptop = await signInFrom(user.email, LAPTOP, '203.0.113.5');
    const phone = await signInFrom(user.email, PHONE, '203.0.113.6');
    const phoneId = await sessionIdOf(t, phone);

    const ended = await end(phoneId, { cookie: laptop });
    expect(ended.status).toBe(204);
    expect(ended.headers['set-cookie']).toBeUndefined();
    expect((await me(phone)).status).toBe(401);
    expect((await me(laptop)).status).toBe(200);
    expect((await list({ cookie: laptop })).body.data.map((s: { id: string }) => s.id)).not.toContain(
      phoneId,
    );
    const again = await end(phoneId, { cookie: laptop });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('session_not_found');
  });

  it('DELETE of the current session signs the caller out and clears the cookie; a bearer caller may end any of its sessions', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const laptop = await signInFrom(user.email, LAPTOP, '203.0.113.5');
    const ended = await end(await sessionIdOf(t, laptop), { cookie: laptop });
    expect(ended.status).toBe(204);
    expect(ended.headers['set-cookie']?.join()).toMatch(/hearth_session=;/);
    expect((await me(laptop)).status).toBe(401);

    const phone = await signInFrom(user.email, PHONE, '203.0.113.6');
    const viaToken = await end(await sessionIdOf(t, phone), bearer(await accessTokenFor(t, user)));
    expect(viaToken.status).toBe(204);
    expect((await me(phone)).status).toBe(401);
  });

  it('another user’s session id is 404 and that session lives on; a malformed id is 400', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const victim = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const mine = await signInFrom(user.email, LAPTOP, '203.0.113.5');
    const theirs = await signInFrom(victim.email, LAPTOP, '203.0.113.9');

    const refused = await end(await sessionIdOf(t, theirs), { cookie: mine });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('session_not_found');
    expect((await me(theirs)).status).toBe(200);
    expect((await end('00000000-0000-4000-8000-000000000000', { cookie: mine })).status).toBe(404);

    const malformed = await end('not-a-session', { cookie: mine });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'id' }] });
  });

  it('needs a signed-in person: 401 without credentials, 403 for an API key, 403 csrf_failed cross-site', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const id = await sessionIdOf(t, cookie);
    const key = { 'x-api-key': await apiKeyFor(t, user) };

    expect((await list({})).status).toBe(401);
    expect((await end(id, {})).status).toBe(401);
    for (const response of [await list(key), await end(id, key)]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('api_key_forbidden');
    }
    const crossSite = await end(id, { cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('csrf_failed');
    expect((await me(cookie)).status).toBe(200);
  });
});
