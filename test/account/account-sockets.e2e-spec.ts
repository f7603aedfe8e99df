import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';
import { accessTokenFor, sessionCookieFor, socketTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { connectSocket, nextEvent, request } from '../support/sockets.js';
import { sessionIdOf } from './account-helpers.js';

// Sockets keep no authority their user took away from their own account page: a password change disconnects
// every socket of the user but those of the session it was made from, and signing a session out disconnects the
// sockets that session opened, on every instance.

const ORIGIN = 'http://hearth.test';
const SERVER_DISCONNECT = 'io server disconnect';
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(clusterModes)('Account changes end sockets (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let bystanderUser: User;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env: { ...env, PUBLIC_URL: ORIGIN } });
    bystanderUser = await buildUser(cluster.primary.prisma);
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  const t = () => cluster.primary;
  const disconnected = (socket: Socket) => nextEvent<string>(socket, 'disconnect');
  const signIn = (user: User) =>
    sessionCookieFor(t(), { email: user.email, password: STRONG_PASSWORD }, ORIGIN);

  /** A socket opened on every instance with a socket token minted by the session behind `cookie`. */
  async function socketsOf(cookie: string): Promise<Socket[]> {
    const token = await socketTokenFor(t(), { cookie });
    return Promise.all(cluster.apps.map((_app, instance) => cluster.connectWith(token, instance)));
  }

  /** A socket that is still connected answers a join: the sentinel that it was spared. */
  async function expectStillServed(socket: Socket): Promise<void> {
    expect(await request(socket, 'join', { topic: 'room:sentinel' })).toEqual({ ok: true });
  }

  it('a password change disconnects every other socket of the user; the changing session’s sockets stay', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const oldToken = await accessTokenFor(t(), user);
    const [laptop, phone] = [await signIn(user), await signIn(user)];
    const laptopSockets = await socketsOf(laptop);
    const ended = [
      ...(await socketsOf(phone)),
      ...(await Promise.all(cluster.apps.map((_app, instance) => cluster.connect(user, instance)))),
    ];
    const bystander = await cluster.connect(bystanderUser);
    const closed = ended.map(disconnected);

    const changed = await t().http.put(
      '/api/auth/password',
      { current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD },
      { headers: { cookie: laptop, origin: ORIGIN } },
    );
    expect(changed.status).toBe(204);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    for (const socket of laptopSockets) await expectStillServed(socket);
    await expectStillServed(bystander);
    await expect(connectSocket(cluster.apps.at(-1)!.baseUrl, oldToken)).rejects.toMatchObject({
      data: { code: 'invalid_token' },
    });
  });

  it('signing a session out disconnects the sockets it opened on every instance, and no others', async () => {
    const user = await buildUser(t().prisma, { password: STRONG_PASSWORD });
    const [laptop, phone] = [await signIn(user), await signIn(user)];
    const phoneSockets = await socketsOf(phone);
    const phoneToken = await socketTokenFor(t(), { cookie: phone });
    const laptopSockets = await socketsOf(laptop);
    const closed = phoneSockets.map(disconnected);

    const ended = await t().http.delete(`/api/auth/sessions/${await sessionIdOf(t(), phone)}`, {
      headers: { cookie: laptop, origin: ORIGIN },
    });
    expect(ended.status).toBe(204);

    for (const reason of await Promise.all(closed)) expect(reason).toBe(SERVER_DISCONNECT);
    for (const socket of laptopSockets) await expectStillServed(socket);
    await expect(connectSocket(cluster.apps.at(-1)!.baseUrl, phoneToken)).rejects.toMatchObject({
      data: { code: 'invalid_token' },
    });
  });
});
