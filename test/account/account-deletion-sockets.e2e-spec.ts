import type { Socket } from 'socket.io-client';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';
import { authHeadersFor, sessionCookieFor, socketTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { connectSocket, joinTopic, nextEvent, request } from '../support/sockets.js';

// Deleting an account ends every socket of it on every instance, and its presence with them; nobody else's.

const ORIGIN = 'http://hearth.test';
const SERVER_DISCONNECT = 'io server disconnect';

describe.each(clusterModes)('Account deletion and live connections (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env: { ...env, PUBLIC_URL: ORIGIN } });
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  const t = () => cluster.primary;

  it('disconnects every socket of the deleted account on every instance, and its presence leaves the room', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const bystander = await buildUser(t().prisma);
    const room = `room:goodbye-${user.id}`;
    const cookie = await sessionCookieFor(t(), { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    const fromSession = await cluster.connectWith(await socketTokenFor(t(), { cookie }), size - 1);
    const fromBearer = await Promise.all(
      cluster.apps.map((_app, instance) => cluster.connect(user, instance)),
    );
    const sockets = [fromSession, ...fromBearer];
    const observer = await cluster.connect(bystander, 0);
    await joinTopic(observer, room);
    for (const socket of sockets) {
      const joined = nextEvent(observer, 'presence_diff', (d) => Boolean(d.joins[user.id]));
      await joinTopic(socket, room);
      await joined;
    }
    const closed = sockets.map((socket: Socket) => nextEvent<string>(socket, 'disconnect'));
    const left = nextEvent(observer, 'presence_diff', (d) => Boolean(d.leaves[user.id]));

    const deleted = await t().http.delete('/api/auth/account', {
      headers: { cookie, origin: ORIGIN },
      body: { password: STRONG_PASSWORD },
    });
    expect(deleted.status).toBe(204);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    await left;
    // The bystander's socket is still served, and the room lists nobody but them.
    expect(await request(observer, 'join', { topic: 'room:sentinel' })).toEqual({ ok: true });
    const { state } = await joinTopic(await cluster.connect(bystander), room);
    expect(Object.keys(state.presences)).toEqual([String(bystander.id)]);
  });

  it('the deleted account cannot open a socket again with a token minted before', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const token = await socketTokenFor(t(), await authHeadersFor(t(), user));
    const deleted = await t().http.delete('/api/auth/account', {
      headers: await authHeadersFor(t(), user),
      body: { password: STRONG_PASSWORD },
    });
    expect(deleted.status).toBe(204);
    await expect(connectSocket(cluster.apps[size - 1].baseUrl, token)).rejects.toThrow();
  });
});
