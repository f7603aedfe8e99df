import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import {
  FakeOAuthProvider,
  type FakeIdentity,
  signInThrough,
  freshIdentity,
  oauthAppEnv,
  OAUTH_PUBLIC_URL as PUBLIC_URL,
  OAUTH_SUCCESS_URL as SUCCESS_URL,
} from '../auth/fake-oauth-provider.js';
import { authHeadersFor, sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKeyFor, cookiePair, linkThrough, linkUntilCallback } from './account-helpers.js';

// A signed-in person links Google or GitHub to their account, sees the linked providers and unlinks them, but can
// never unlink the last way to sign in; the fake providers speak the real OAuth protocol to the real strategies.

const identity = (overrides: Partial<FakeIdentity> = {}) => freshIdentity('linked', overrides);

describe('Linked providers', () => {
  let t: TestApp;
  const fakes = { google: new FakeOAuthProvider('google'), github: new FakeOAuthProvider('github') };

  beforeAll(async () => {
    await Promise.all([fakes.google.start(), fakes.github.start()]);
    t = await startTestApp({ env: oauthAppEnv(fakes.google, fakes.github) });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([fakes.google.stop(), fakes.github.stop()]);
  });

  async function passwordAccount() {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    return {
      user,
      cookie: await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, PUBLIC_URL),
    };
  }

  /** An account created by signing in with `provider` (no password); returns its session cookie. */
  async function providerAccount(provider: 'google' | 'github', who = identity()) {
    const { callback } = await signInThrough(t.http, fakes[provider], who);
    const cookie = cookiePair(callback, 'hearth_session')!;
    const me = await t.http.get('/api/auth/me', { headers: { cookie } });
    return { userId: me.body.id as number, cookie, who };
  }

  const identities = (headers: Record<string, string>) => t.http.get('/api/auth/identities', { headers });
  const unlink = (provider: string, headers: Record<string, string>) =>
    t.http.delete(`/api/auth/identities/${provider}`, { headers: { origin: PUBLIC_URL, ...headers } });

  it.each(['google', 'github'] as const)(
    'links %s to the signed-in account; signing in with it then opens that account',
    async (provider) => {
      const { user, cookie } = await passwordAccount();
      const who = identity();
      const { start, callback } = await linkThrough(t.http, fakes[provider], who, cookie);
      expect(start.status).toBe(302);
      expect(callback.status).toBe(302);
      expect(callback.headers.location).toBe(SUCCESS_URL);
      // The link kept the session it was made in: no new session cookie.
      expect(cookiePair(callback, 'hearth_session')).toBeUndefined();

      const listed = await identities({ cookie });
      expect(listed.status).toBe(200);
      expect(listed.headers['cache-control']).toMatch(/private/);
      expect(listed.body).toEqual({
        data: [{ provider, email: who.email, linked_at: expect.any(String) }],
      });
      const signedIn = await signInThrough(t.http, fakes[provider], who);
      const me = await t.http.get('/api/auth/me', {
        headers: { cookie: cookiePair(signedIn.callback, 'hearth_session')! },
      });
      expect(me.body.id).toBe(user.id);
    },
  );

  it('binds the state to the session that started the link: a callback in another session links nothing', async () => {
    const victim = await passwordAccount();
    const attacker = await passwordAccount();
    const { callback } = await linkThrough(t.http, fakes.github, identity(), attacker.cookie, victim.cookie);
    expect(callback.status).toBe(400);
    expect(callback.body.error.code).toBe('invalid_oauth_state');
    expect(
      await t.prisma.oAuthIdentity.count({ where: { userId: { in: [victim.user.id, attacker.user.id] } } }),
    ).toBe(0);
  });

  it('refuses to link an identity that already signs in to another account', async () => {
    const owner = await providerAccount('google');
    const { cookie, user } = await passwordAccount();
    const { callback } = await linkThrough(t.http, fakes.google, owner.who, cookie);
    expect(callback.status).toBe(302);
    expect(new URL(callback.headers.location!).searchParams.get('error')).toBe('identity_linked_elsewhere');
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: owner.userId } })).toBe(1);
  });

  it('refuses a second identity of a provider already linked, and re-linking the same one changes nothing', async () => {
    const { cookie, user } = await passwordAccount();
    const first = identity();
    await linkThrough(t.http, fakes.github, first, cookie);
    const again = await linkThrough(t.http, fakes.github, first, cookie);
    expect(again.callback.headers.location).toBe(SUCCESS_URL);
    const second = await linkThrough(t.http, fakes.github, identity(), cookie);
    expect(new URL(second.callback.headers.location!).searchParams.get('error')).toBe(
      'provider_already_linked',
    );
    expect(await t.prisma.oAuthIdentity.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ provider: 'github', providerUserId: first.id }),
    ]);
  });

  it('links one of several identities of a provider sent at once; the others get provider_already_linked', async () => {
    const { cookie, user } = await passwordAccount();
    const links = [];
    for (let i = 0; i < 4; i++) links.push(await linkUntilCallback(t.http, fakes.github, identity(), cookie));
    const callbacks = await Promise.all(links.map((link) => link.finish()));
    const errors = callbacks.map((callback) => new URL(callback.headers.location!).searchParams.get('error'));
    expect(errors.sort()).toEqual(
      [null, 'provider_already_linked', 'provider_already_linked', 'provider_already_linked'].sort(),
    );
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: user.id, provider: 'github' } })).toBe(1);
    // The database refuses a second one too (unique index), whatever the code path.
    await expect(
      t.prisma.oAuthIdentity.create({
        data: { userId: user.id, provider: 'github', providerUserId: identity().id },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it("refuses a sign-in with a second identity of a provider whose verified email is the account's, and links nothing", async () => {
    const account = await providerAccount('github');
    const other = identity({ email: account.who.email });
    const { callback } = await signInThrough(t.http, fakes.github, other);
    expect(new URL(callback.headers.location!).searchParams.get('error')).toBe('provider_already_linked');
    expect(cookiePair(callback, 'hearth_session')).toBeUndefined();
    expect(await t.prisma.oAuthIdentity.findMany({ where: { userId: account.userId } })).toEqual([
      expect.objectContaining({ provider: 'github', providerUserId: account.who.id }),
    ]);
  });

  it('intent=link needs a cookie session: nobody → 401, bearer → 403, API key → 403, a bad intent → 400', async () => {
    const { user } = await passwordAccount();
    const start = (headers: Record<string, string>, intent = 'link') =>
      t.http.get(`/api/auth/github?intent=${intent}`, { headers });
    expect((await start({})).body.error.code).toBe('unauthenticated');
    const bearer = await start(await authHeadersFor(t, user));
    expect(bearer.status).toBe(403);
    expect(bearer.body.error.code).toBe('link_requires_session');
    const keyed = await start({ 'x-api-key': await apiKeyFor(t, user) });
    expect(keyed.status).toBe(403);
    expect(keyed.body.error.code).toBe('api_key_forbidden');
    const odd = await start({}, 'takeover');
    expect(odd.status).toBe(400);
    expect(odd.body.error.details).toEqual([expect.objectContaining({ field: 'intent' })]);
  });

  it('unlinks a provider when a password remains, and the identity no longer signs in to the account', async () => {
    const { cookie, user } = await passwordAccount();
    const who = identity();
    await linkThrough(t.http, fakes.google, who, cookie);
    const response = await unlink('google', { cookie });
    expect(response.status).toBe(204);
    expect((await identities({ cookie })).body).toEqual({ data: [] });
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses to unlink the last way to sign in (409 last_sign_in_method), but allows it once another exists', async () => {
    const account = await providerAccount('github');
    const headers = { cookie: account.cookie };
    const refused = await unlink('github', headers);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_sign_in_method');

    await linkThrough(t.http, fakes.google, identity(), account.cookie);
    expect((await unlink('github', headers)).status).toBe(204);
    const last = await unlink('google', headers);
    expect(last.status).toBe(409);
    expect((await identities(headers)).body.data).toEqual([expect.objectContaining({ provider: 'google' })]);
  });

  it('two concurrent unlinks of the last two providers leave one of them', async () => {
    const account = await providerAccount('github');
    await linkThrough(t.http, fakes.google, identity(), account.cookie);
    const answers = await Promise.all(['github', 'google'].map((p) => unlink(p, { cookie: account.cookie })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: account.userId } })).toBe(1);
  });

  it('answers 404 for a provider that is not linked or does not exist, and refuses API keys and strangers', async () => {
    const { cookie, user } = await passwordAccount();
    expect((await unlink('github', { cookie })).body.error.code).toBe('identity_not_found');
    expect((await unlink('myspace', { cookie })).status).toBe(404);
    const key = { 'x-api-key': await apiKeyFor(t, user) };
    expect((await identities(key)).body.error.code).toBe('api_key_forbidden');
    expect((await unlink('github', key)).status).toBe(403);
    expect((await identities({})).status).toBe(401);
    expect((await unlink('github', {})).status).toBe(401);
  });

  it('refuses a cross-site unlink with the session cookie (CSRF)', async () => {
    const { cookie } = await passwordAccount();
    const forged = await unlink('github', { cookie, origin: 'http://evil.test' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
  });
});
