import type { Socket } from 'socket.io-client';
import { cookieFrom, STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import {
  FakeOAuthProvider,
  type FakeIdentity,
  type OAuthRoundTrip,
  signInThrough,
  freshIdentity,
  oauthAppEnv,
  OAUTH_FAILURE_URL as FAILURE_URL,
  OAUTH_SUCCESS_URL as SUCCESS_URL,
} from '../auth/fake-oauth-provider.js';
import { authHeadersFor, sessionCookieFor, socketTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { HttpResponse } from '../support/http.js';
import { connectSocket, nextEvent } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Pre-account takeover ("pre-hijacking"): an attacker prepares an account holding the victim's address before
// the victim ever signs up, and waits for the victim's own sign-in to land in it. Hearth's rule (docs/security.md):
// a provider email the provider does not vouch for creates nothing and links nothing; a vouched-for email that
// matches an account whose address was never confirmed takes that account over for the verified owner, ending
// every credential the account had (password, sessions, refresh and access tokens, API keys, other identities).

const identity = (overrides: Partial<FakeIdentity> = {}) => freshIdentity('victim', overrides);

describe('No pre-account takeover through OAuth', () => {
  let t: TestApp;
  let google: FakeOAuthProvider;
  let github: FakeOAuthProvider;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    google = await new FakeOAuthProvider('google').start();
    github = await new FakeOAuthProvider('github').start();
    t = await startTestApp({ env: oauthAppEnv(google, github) });
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await t.close();
    await Promise.all([google.stop(), github.stop()]);
  });

  const me = (headers: Record<string, string>) => t.http.get('/api/auth/me', { headers });
  const sessionOf = (trip: OAuthRoundTrip) => ({ cookie: cookieFrom(trip.callback, 'hearth_session')! });

  function expectRefusedWith(callback: HttpResponse, code: string): void {
    expect(callback.status).toBe(302);
    const location = new URL(callback.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(FAILURE_URL);
    expect(location.searchParams.get('error')).toBe(code);
    expect(cookieFrom(callback, 'hearth_session')).toBeUndefined();
  }

  it('an unverified provider email creates no account, so the real owner later gets a clean one', async () => {
    const victim = identity();
    const attacker = identity({ email: victim.email.toUpperCase(), emailVerified: false });

    expectRefusedWith((await signInThrough(t.http, github, attacker)).callback, 'oauth_email_unverified');
    expect(await t.prisma.user.count({ where: { email: victim.email } })).toBe(0);
    expect(await t.prisma.oAuthIdentity.count({ where: { providerUserId: attacker.id } })).toBe(0);

    const owner = await signInThrough(t.http, google, victim);
    expect(owner.callback.headers.location).toBe(SUCCESS_URL);
    const account = await me(sessionOf(owner));
    expect(account.body).toMatchObject({ email: victim.email, email_verified: true });
    const identities = await t.prisma.oAuthIdentity.findMany({ where: { userId: account.body.id } });
    expect(identities.map((row) => row.provider)).toEqual(['google']);
  });

  it('an unverified provider email never links to an existing account either', async () => {
    const existing = await buildUser(t.prisma, { password: STRONG_PASSWORD, emailVerifiedAt: new Date() });
    const attacker = identity({ email: existing.email, emailVerified: false });
    expectRefusedWith((await signInThrough(t.http, github, attacker)).callback, 'oauth_email_unverified');
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: existing.id } })).toBe(0);
  });

  it('attacker registers the victim’s address with a password first: the verified owner takes the account over and every attacker credential dies', async () => {
    const victim = identity();
    const registered = await t.http.post('/api/auth/register', {
      email: victim.email,
      password: STRONG_PASSWORD,
    });
    expect(registered.status).toBe(201);
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const key = await t.http.post(
      '/api/admin/api-keys',
      { name: 'attacker automation', user_id: registered.body.id },
      { headers: await authHeadersFor(t, admin) },
    );
    expect(key.status).toBe(201);
    const attackerSession = {
      cookie: await sessionCookieFor(t, { email: victim.email, password: STRONG_PASSWORD }),
    };
    const tokens = (await t.http.post('/api/auth/token', { email: victim.email, password: STRONG_PASSWORD }))
      .body;
    const attackerSocket = await connectSocket(t.baseUrl, await socketTokenFor(t, attackerSession));
    sockets.push(attackerSocket);
    const socketClosed = nextEvent(attackerSocket, 'disconnect');

    const owner = await signInThrough(t.http, google, victim);

    expect(owner.callback.headers.location).toBe(SUCCESS_URL);
    const account = await me(sessionOf(owner));
    expect(account.body).toMatchObject({ id: registered.body.id, email: victim.email, email_verified: true });
    expect(await socketClosed).toBe('io server disconnect');
    expect((await me(attackerSession)).status).toBe(401);
    expect((await me({ authorization: `Bearer ${tokens.access_token}` })).status).toBe(401);
    expect((await me({ 'x-api-key': key.body.key })).status).toBe(401);
    const refreshed = await t.http.post('/api/auth/token/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(401);
    const passwordLogin = await t.http.post('/api/auth/token', {
      email: victim.email,
      password: STRONG_PASSWORD,
    });
    expect(passwordLogin.status).toBe(401);
    // The owner's own session is the one that stays.
    expect((await me(sessionOf(owner))).status).toBe(200);
  });

  it('attacker’s provider identity left on an unconfirmed account (as the old code linked it) is dropped by the take-over', async () => {
    const victim = identity();
    const attacker = identity({ email: victim.email, emailVerified: false });
    // What the old code did with an unverified GitHub email: an account holding the address, linked to GitHub.
    const prepared = await t.prisma.user.create({
      data: {
        email: victim.email,
        identities: { create: { provider: 'github', providerUserId: attacker.id, email: victim.email } },
      },
    });

    const owner = await signInThrough(t.http, google, victim);
    expect((await me(sessionOf(owner))).body.id).toBe(prepared.id);
    expect(
      (await t.prisma.oAuthIdentity.findMany({ where: { userId: prepared.id } })).map((row) => row.provider),
    ).toEqual(['google']);

    // The attacker's GitHub sign-in no longer reaches the account.
    const again = await signInThrough(t.http, github, attacker);
    expectRefusedWith(again.callback, 'oauth_email_unverified');
  });

  it('legitimate flows: a confirmed account links a verified provider, keeps its password and sessions, and signing in again finds it', async () => {
    const person = identity();
    const account = await buildUser(t.prisma, {
      email: person.email,
      password: STRONG_PASSWORD,
      emailVerifiedAt: new Date(),
    });
    const passwordSession = {
      cookie: await sessionCookieFor(t, { email: person.email, password: STRONG_PASSWORD }),
    };

    const linked = await signInThrough(t.http, google, person);
    expect(linked.callback.headers.location).toBe(SUCCESS_URL);
    expect((await me(sessionOf(linked))).body).toMatchObject({ id: account.id, email_verified: true });
    expect((await me(passwordSession)).status).toBe(200);
    const login = await t.http.post('/api/auth/token', { email: person.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);

    const again = await signInThrough(t.http, google, person);
    expect((await me(sessionOf(again))).body.id).toBe(account.id);
    expect(await t.prisma.oAuthIdentity.count({ where: { userId: account.id } })).toBe(1);
    expect((await me(sessionOf(linked))).status).toBe(200);
  });

  it('a new account from a verified provider email starts confirmed', async () => {
    const person = identity();
    const created = await signInThrough(t.http, github, person);
    expect(created.callback.headers.location).toBe(SUCCESS_URL);
    expect((await me(sessionOf(created))).body).toMatchObject({ email: person.email, email_verified: true });
  });
});
