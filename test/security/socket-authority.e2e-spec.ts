import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';
import { accessTokenFor, authHeadersFor, sessionCookieFor, socketTokenFor } from '../support/auth.js';
import { buildPasswordResetToken, buildUser } from '../support/factories.js';
import { connectSocket, joinTopic, nextEvent, request } from '../support/sockets.js';

// A socket keeps no authority its user lost: a role change, a password reset, logout-all and the logout of the
// session that minted the socket token disconnect the affected sockets on every instance (clients reconnect with
// a fresh token), and joins are judged by the user's current role and memberships.

const ORIGIN = 'http://hearth.test';
const SERVER_DISCONNECT = 'io server disconnect';

describe.each(clusterModes)('Sockets lose the authority their user lost (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let admin: User;
  let privateTopic: string;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env: { ...env, PUBLIC_URL: ORIGIN } });
    admin = await buildUser(cluster.primary.prisma, { role: 'admin' });
    const owner = await buildUser(cluster.primary.prisma);
    const created = await cluster.primary.http
      .as(await authHeadersFor(cluster.primary, owner))
      .post('/api/topics', { members: [] });
    privateTopic = created.body.topic;
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  const t = () => cluster.primary;
  const disconnected = (socket: Socket) => nextEvent<string>(socket, 'disconnect');

  /** One socket per instance for `user`, each with its own freshly minted token. */
  async function socketsOnEveryInstance(user: User): Promise<Socket[]> {
    return Promise.all(cluster.apps.map((_app, instance) => cluster.connect(user, instance)));
  }

  /** A new user signed in from two browsers: their session cookies. */
  async function twoSessions(): Promise<[string, string]> {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const credentials = { email: user.email, password: STRONG_PASSWORD };
    return [
      await sessionCookieFor(t(), credentials, ORIGIN),
      await sessionCookieFor(t(), credentials, ORIGIN),
    ];
  }

  async function logOut(cookie: string): Promise<void> {
    const response = await t().http.post('/api/auth/logout', undefined, {
      headers: { cookie, origin: ORIGIN },
    });
    expect(response.status).toBe(204);
  }

  /** A socket that is still connected answers a join: the sentinel that other sockets were spared. */
  async function expectStillServed(socket: Socket): Promise<void> {
    expect(await request(socket, 'join', { topic: 'room:sentinel' })).toEqual({ ok: true });
  }

  it('a demoted admin is disconnected everywhere, and cannot join a private topic afterwards', async () => {
    const demoted = await buildUser(t().prisma, { role: 'admin' });
    const sockets = await socketsOnEveryInstance(demoted);
    for (const socket of sockets) expect((await joinTopic(socket, privateTopic)).ack).toEqual({ ok: true });
    const bystander = await cluster.connect(admin);
    const closed = sockets.map(disconnected);

    const changed = await t().http.patch(
      `/api/admin/users/${demoted.id}`,
      { role: 'user' },
      { headers: await authHeadersFor(t(), admin) },
    );
    expect(changed.status).toBe(200);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    await expectStillServed(bystander);
    for (const [instance] of cluster.apps.entries()) {
      const again = await cluster.connect(demoted, instance);
      const join = await request(again, 'join', { topic: privateTopic });
      expect(join).toMatchObject({ ok: false, error: { code: 'topic_forbidden' } });
    }
  });

  it('a password reset disconnects every socket of the user, and their old tokens no longer connect', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const oldToken = await accessTokenFor(t(), user);
    const sockets = await socketsOnEveryInstance(user);
    const bystander = await cluster.connect(admin);
    const closed = sockets.map(disconnected);

    const token = await buildPasswordResetToken(t().prisma, user.id);
    const reset = await t().http.post('/api/auth/password/reset', {
      token,
      password: 'a brand new passphrase',
    });
    expect(reset.status).toBe(200);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    await expectStillServed(bystander);
    await expect(connectSocket(cluster.apps.at(-1)!.baseUrl, oldToken)).rejects.toMatchObject({
      data: { code: 'invalid_token' },
    });
  });

  it('logout ends the sockets of that session only; its socket tokens no longer connect', async () => {
    const [laptop, phone] = await twoSessions();
    const laptopToken = await socketTokenFor(t(), { cookie: laptop });
    const laptopSockets = await Promise.all(
      cluster.apps.map((_app, i) => cluster.connectWith(laptopToken, i)),
    );
    const phoneSocket = await cluster.connectWith(await socketTokenFor(t(), { cookie: phone }));
    const closed = laptopSockets.map(disconnected);

    await logOut(laptop);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    await expectStillServed(phoneSocket);
    await expect(connectSocket(cluster.apps.at(-1)!.baseUrl, laptopToken)).rejects.toMatchObject({
      data: { code: 'invalid_token' },
    });
  });

  it('in one burst of handshakes, each session token gets its own session’s answer', async () => {
    const [ended, live] = await twoSessions();
    const [endedToken, liveToken] = [
      await socketTokenFor(t(), { cookie: ended }),
      await socketTokenFor(t(), { cookie: live }),
    ];
    await logOut(ended);

    const burst = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? endedToken : liveToken));
    const outcomes = await Promise.allSettled(burst.map((token) => cluster.connectWith(token, 0)));

    outcomes.forEach((outcome, i) => {
      if (burst[i] === liveToken) expect(outcome.status).toBe('fulfilled');
      else expect(outcome).toMatchObject({ status: 'rejected', reason: { data: { code: 'invalid_token' } } });
    });
  });

  it('a session that has expired mints no socket authority: its socket tokens no longer connect', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t(), { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const token = await socketTokenFor(t(), { cookie });
    await expectStillServed(await cluster.connectWith(token));

    await t().prisma.session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });

    await expect(connectSocket(cluster.apps.at(-1)!.baseUrl, token)).rejects.toMatchObject({
      data: { code: 'invalid_token' },
    });
  });

  it('logout-all disconnects every socket of the caller, and nobody else’s', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t(), { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const fromSession = await cluster.connectWith(await socketTokenFor(t(), { cookie }));
    const fromBearer = await socketsOnEveryInstance(user);
    const bystander = await cluster.connect(admin);
    const closed = [fromSession, ...fromBearer].map(disconnected);

    const response = await t().http.post('/api/auth/logout-all', undefined, {
      headers: { cookie, origin: ORIGIN },
    });
    expect(response.status).toBe(204);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    await expectStillServed(bystander);
  });
});
