import { buildUser } from '../support/factories.js';
import type { HttpResponse } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { cookieFrom, setCookieFor } from './auth-test-helpers.js';
import {
  FakeOAuthProvider,
  type FakeIdentity,
  getWithoutRedirect,
  signInThrough,
  freshIdentity,
  oauthAppEnv,
  OAUTH_FAILURE_URL as FAILURE_URL,
  OAUTH_PUBLIC_URL as PUBLIC_URL,
  OAUTH_SUCCESS_URL as SUCCESS_URL,
} from './fake-oauth-provider.js';

const identity = (overrides: Partial<FakeIdentity> = {}) => freshIdentity('oauth', overrides);

describe.each(['google', 'github'] as const)('Sign-in with %s', (provider) => {
  let t: TestApp;
  let fake: FakeOAuthProvider;

  beforeAll(async () => {
    fake = await new FakeOAuthProvider(provider).start();
    t = await startTestApp({ env: oauthAppEnv(fake) });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const signIn = (who: FakeIdentity) => signInThrough(t.http, fake, who);

  async function meWith(callback: HttpResponse) {
    const cookie = cookieFrom(callback, 'hearth_session')!;
    return t.http.get('/api/auth/me', { headers: { cookie } });
  }

  it('redirects to the provider with a random state kept in a signed HttpOnly cookie', async () => {
    const first = await t.http.get(`/api/auth/${provider}`);
    const second = await t.http.get(`/api/auth/${provider}`);
    expect(first.status).toBe(302);
    const location = new URL(first.headers.location!);
    expect(location.searchParams.get('client_id')).toBe(fake.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/${provider}/callback`);
    const state = location.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(new URL(second.headers.location!).searchParams.get('state')).not.toEqual(state);
    const cookie = setCookieFor(first, 'hearth_oauth_state')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/);
    // Signed: the value is the state plus a signature, not the bare state.
    expect(decodeURIComponent(cookie.split(';')[0].split('=').slice(1).join('='))).not.toBe(
      `${provider}:${state}`,
    );
  });

  it('creates a new user on first sign-in, starts a session and redirects to the configured URL', async () => {
    const who = identity();
    const { callback } = await signIn(who);
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe(SUCCESS_URL);
    const me = await meWith(callback);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: who.email, role: 'user', display_name: who.name });
    const identities = await t.prisma.oAuthIdentity.findMany({ where: { provider, providerUserId: who.id } });
    expect(identities).toHaveLength(1);
    expect(identities[0].userId).toBe(me.body.id);
  });

  it('finds the returning user by provider user id, even after the email changed at the provider', async () => {
    const who = identity();
    const first = await meWith((await signIn(who)).callback);
    const second = await meWith((await signIn({ ...who, email: `changed-${who.email}` })).callback);
    expect(second.body.id).toBe(first.body.id);
    expect(await t.prisma.user.count({ where: { email: `changed-${who.email}` } })).toBe(0);
  });

  it('links to an existing confirmed account when the provider says the email is verified', async () => {
    const existing = await buildUser(t.prisma, {
      password: 'existing password',
      emailVerifiedAt: new Date(),
    });
    const { callback } = await signIn(identity({ email: existing.email.toUpperCase(), emailVerified: true }));
    expect(callback.status).toBe(302);
    expect((await meWith(callback)).body.id).toBe(existing.id);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: existing.id, provider } })).toBe(1);
    const login = await t.http.post('/api/auth/token', {
      email: existing.email,
      password: 'existing password',
    });
    expect(login.status).toBe(200);
  });

  it('does not link to an existing account when the email is not verified (redirects with the error)', async () => {
    const existing = await buildUser(t.prisma, { password: 'existing password' });
    const { callback } = await signIn(identity({ email: existing.email, emailVerified: false }));
    expect(callback.status).toBe(302);
    const location = new URL(callback.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(FAILURE_URL);
    expect(location.searchParams.get('error')).toBe('oauth_email_unverified');
    expect(callback.headers['set-cookie']?.some((c) => c.startsWith('hearth_session='))).toBeFalsy();
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: existing.id } })).toBe(0);
  });

  it.each([
    ['no state cookie', () => ({})],
    ['a state cookie from another sign-in', (other: string) => ({ cookie: other })],
    ['a tampered state cookie', () => ({ cookie: 'hearth_oauth_state=google%3Aforged.signature' })],
  ])(
    'refuses a callback with %s (400 invalid_oauth_state) and creates no user',
    async (_name, headersFor) => {
      const who = identity();
      fake.nextSignIn = who;
      const start = await t.http.get(`/api/auth/${provider}`);
      const atProvider = await getWithoutRedirect(start.headers.location!);
      const back = new URL(atProvider.location!);
      const otherStart = await t.http.get(`/api/auth/${provider}`);
      const headers = headersFor(cookieFrom(otherStart, 'hearth_oauth_state')!) as Record<string, string>;
      const tokenExchangesBefore = fake.tokenExchanges;
      const callback = await t.http.get(`${back.pathname}${back.search}`, { headers });
      expect(callback.status).toBe(400);
      expect(callback.body.error.code).toBe('invalid_oauth_state');
      expect(fake.tokenExchanges).toBe(tokenExchangesBefore);
      expect(await t.prisma.user.count({ where: { email: who.email } })).toBe(0);
    },
  );

  it('refuses a callback whose state parameter was swapped, and spends the state cookie', async () => {
    const who = identity();
    const { callbackPath, stateCookie } = await (async () => {
      fake.nextSignIn = who;
      const start = await t.http.get(`/api/auth/${provider}`);
      const atProvider = await getWithoutRedirect(start.headers.location!);
      const back = new URL(atProvider.location!);
      back.searchParams.set('state', 'attacker-state');
      return {
        callbackPath: `${back.pathname}${back.search}`,
        stateCookie: cookieFrom(start, 'hearth_oauth_state')!,
      };
    })();
    const callback = await t.http.get(callbackPath, { headers: { cookie: stateCookie } });
    expect(callback.status).toBe(400);
    expect(callback.body.error.code).toBe('invalid_oauth_state');
    expect(setCookieFor(callback, 'hearth_oauth_state')).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await t.prisma.user.count({ where: { email: who.email } })).toBe(0);
  });

  it('answers a denied authorization with 401 and no session', async () => {
    const start = await t.http.get(`/api/auth/${provider}`);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const callback = await t.http.get(`/api/auth/${provider}/callback?error=access_denied&state=${state}`, {
      headers: { cookie: cookieFrom(start, 'hearth_oauth_state')! },
    });
    expect(callback.status).toBe(401);
    expect(callback.body.error.code).toBe('oauth_denied');
  });

  it('answers an authorization code the provider rejects with 401 oauth_failed', async () => {
    const start = await t.http.get(`/api/auth/${provider}`);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const callback = await t.http.get(`/api/auth/${provider}/callback?code=not-issued&state=${state}`, {
      headers: { cookie: cookieFrom(start, 'hearth_oauth_state')! },
    });
    expect(callback.status).toBe(401);
    expect(callback.body.error.code).toBe('oauth_failed');
  });

  it('replaces a session the browser already had (no fixation)', async () => {
    const before = await signIn(identity());
    const oldCookie = cookieFrom(before.callback, 'hearth_session')!;
    fake.nextSignIn = identity();
    const start = await t.http.get(`/api/auth/${provider}`, { headers: { cookie: oldCookie } });
    const atProvider = await getWithoutRedirect(start.headers.location!);
    const back = new URL(atProvider.location!);
    const callback = await t.http.get(`${back.pathname}${back.search}`, {
      headers: { cookie: `${oldCookie}; ${cookieFrom(start, 'hearth_oauth_state')!}` },
    });
    expect(callback.status).toBe(302);
    expect(cookieFrom(callback, 'hearth_session')).not.toEqual(oldCookie);
    expect((await t.http.get('/api/auth/me', { headers: { cookie: oldCookie } })).status).toBe(401);
  });
});

describe('Sign-in with an unconfigured provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GOOGLE_CLIENT_ID: '', GITHUB_CLIENT_ID: '' } });
  });
  afterAll(() => t.close());

  it('answers 404 oauth_provider_not_configured', async () => {
    for (const path of ['/api/auth/google', '/api/auth/github/callback?code=x&state=y']) {
      const response = await t.http.get(path);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('oauth_provider_not_configured');
    }
  });
});
