import type { Socket } from 'socket.io-client';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { connectSocket, joinTopic, nextEvent, request } from '../support/sockets.js';
import { Cluster, clusterModes } from './cluster.js';

// Limits on what one client can hold: topics per socket, sockets per user (across every instance) and a
// message rate per socket (token bucket). The refill rate is set so low here that no token comes back during a
// test: what is counted is exactly the burst.

const MAX_TOPICS = 3;
const MAX_CONNECTIONS = 2;
const BURST = 8;

describe.each(clusterModes)('Socket limits (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start(size, {
      env: {
        ...env,
        SOCKET_MAX_TOPICS_PER_CONNECTION: String(MAX_TOPICS),
        SOCKET_MAX_CONNECTIONS_PER_USER: String(MAX_CONNECTIONS),
        SOCKET_MESSAGES_PER_SECOND: '0.001',
        SOCKET_MESSAGE_BURST: String(BURST),
      },
    });
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  const newUser = () => buildUser(cluster.primary.prisma);

  it(`a socket joins at most ${MAX_TOPICS} topics (too_many_topics), and may join again after leaving one`, async () => {
    const socket = await cluster.connect(await newUser());
    expect(await request(socket, 'join', { topic: 'posts' })).toEqual({ ok: true });
    for (let i = 1; i < MAX_TOPICS; i += 1)
      expect((await joinTopic(socket, `room:cap-${i}`)).ack).toEqual({ ok: true });
    // Joining a topic it is already in is not one more.
    expect(await request(socket, 'join', { topic: 'room:cap-1' })).toEqual({ ok: true });

    const refused = await request(socket, 'join', { topic: 'room:one-too-many' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'too_many_topics', message: expect.any(String), details: { limit: MAX_TOPICS } },
    });

    expect(await request(socket, 'leave', { topic: 'posts' })).toEqual({ ok: true });
    expect((await joinTopic(socket, 'room:one-too-many')).ack).toEqual({ ok: true });
  });

  it(`a user holds at most ${MAX_CONNECTIONS} sockets across all instances; the next is refused with too_many_connections`, async () => {
    const user = await newUser();
    const held: Socket[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i += 1) held.push(await cluster.connect(user));
    for (const [instance, app] of cluster.apps.entries()) {
      await expect(
        connectSocket(app.baseUrl, await accessTokenFor(cluster.apps[instance], user)),
      ).rejects.toMatchObject({
        data: { code: 'too_many_connections', details: { limit: MAX_CONNECTIONS } },
      });
    }
    // Others are not affected.
    const other = await cluster.connect(await newUser());
    expect(other.connected).toBe(true);

    // A closed socket frees its place: the watcher sees it leave (the server has let go of it), then a new one fits.
    const watcher = await cluster.connect(await newUser());
    await joinTopic(watcher, 'room:watch');
    await joinTopic(held[0], 'room:watch');
    const left = nextEvent(
      watcher,
      'presence_diff',
      (diff: { leaves: object }) => Object.keys(diff.leaves).length > 0,
    );
    held[0].close();
    await left;
    expect((await cluster.connect(user)).connected).toBe(true);
  });

  it(`a socket sends at most ${BURST} messages in a burst; the rest are acked rate_limited`, async () => {
    const socket = await cluster.connect(await newUser());
    const acks = [];
    for (let i = 0; i < BURST + 3; i += 1)
      acks.push(await request(socket, 'typing', { topic: 'room:not-joined' }));
    const limited = acks.filter((ack) => ack.error?.code === 'rate_limited');
    expect(acks.length - limited.length).toBe(BURST);
    expect(limited).toHaveLength(3);
    expect(limited[0]).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: expect.any(String),
        details: expect.objectContaining({ retry_after_ms: expect.any(Number) }),
      },
    });
    // Another socket has its own bucket.
    const fresh = await cluster.connect(await newUser());
    expect(await request(fresh, 'join', { topic: 'room:fresh' })).toEqual({ ok: true });
  });
});
