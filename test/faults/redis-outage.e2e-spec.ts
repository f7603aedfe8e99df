import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { isReady, waitUntil } from '../support/server-process.js';
import { connectSocket, joinTopic, nextEvent, recordEvents, request } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DedicatedRedis } from './support/dedicated-redis.js';
import { report } from './support/traffic.js';

// Every step below answers without Redis; how fast is reported (docs/reliability.md), not asserted. A step that
// waited for Redis would never answer, and the test would fail on its timeout.

describe('Redis stopped under two Hearth instances', () => {
  let redis: DedicatedRedis;
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await DedicatedRedis.start();
    a = await startTestApp({ env: { REDIS_URL: redis.url } });
    b = await startTestApp({
      database: a.database,
      env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: a.config.redis.keyPrefix },
    });
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    // If an assertion failed mid-outage, bring Redis back so the apps close as they do in production.
    if (!redis?.running) await redis?.resume();
    await b?.close();
    await a?.close();
    await redis?.destroy();
  });

  async function connect(t: TestApp, user: User): Promise<Socket> {
    const socket = await connectSocket(t.baseUrl, await accessTokenFor(t, user));
    sockets.push(socket);
    return socket;
  }

  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };

  it('keeps serving HTTP and local sockets while Redis is away, and broadcasts across instances again once it is back', async () => {
    const [alice, bob, carol] = [
      await buildUser(a.prisma),
      await buildUser(a.prisma),
      await buildUser(a.prisma),
    ];
    const aliceOnA = await connect(a, alice);
    const carolOnA = await connect(a, carol);
    const bobOnB = await connect(b, bob);
    for (const socket of [aliceOnA, carolOnA, bobOnB])
      expect((await joinTopic(socket, 'room:lobby')).ack.ok).toBe(true);
    const crossBefore = nextEvent(bobOnB, 'message', (message) => message.body === 'before');
    await request(aliceOnA, 'new_message', { topic: 'room:lobby', body: 'before' });
    await crossBefore;

    const bobMessages = recordEvents(bobOnB, 'message');
    const stoppedAt = Date.now();
    await redis.stop();

    // HTTP keeps serving on both instances: reads, writes (post events are not fanned out meanwhile), and the
    // rate limiter fails open (no rate-limit headers).
    const headers = { authorization: `Bearer ${await accessTokenFor(a, alice)}` };
    const reads = await Promise.all([a, b].map((t) => timed(() => t.http.get('/api/v1/posts'))));
    const write = await timed(() =>
      b.http.post('/api/v1/posts', { title: 'Written without Redis', body: 'Still here.' }, { headers }),
    );
    for (const { result } of [...reads, write]) {
      expect(result.status).toBeLessThan(300);
    }
    expect(reads[0].result.headers['x-ratelimit-limit']).toBeUndefined();
    const ready = await timed(() => a.http.get('/health/ready'));
    expect(ready.result.status).toBe(503);
    expect(ready.result.body.error).toMatchObject({
      code: 'not_ready',
      message: expect.stringContaining('redis'),
    });

    // A new connection is accepted (the token is checked against PostgreSQL), but joining a room needs the
    // presence store in Redis, so it is refused with an ack error rather than left hanging.
    const late = await timed(() => connect(a, carol));
    const lateJoin = await timed(() => request(late.result, 'join', { topic: 'room:lobby' }));
    expect(lateJoin.result).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });

    // Sockets already in a room still talk to members on the same instance; other instances miss the message.
    const local = nextEvent(carolOnA, 'message', (message) => message.body === 'during');
    const ack = await timed(() => request(aliceOnA, 'new_message', { topic: 'room:lobby', body: 'during' }));
    expect(ack.result.ok).toBe(true);
    await local;

    // Not across instances while Redis is down (ioredis may still deliver it late, from its offline queue).
    expect(bobMessages.map((message) => message.body)).not.toContain('during');

    const restartingAt = Date.now();
    await redis.resume();
    await waitUntil(() => isReady(a.http), 15_000);
    await waitUntil(() => isReady(b.http), 15_000);
    const readyAt = Date.now();
    // The subscriber re-subscribes by itself once Redis is back: retry until a message crosses again.
    let crossed = false;
    let attempt = 0;
    const crossedAfter = nextEvent(
      bobOnB,
      'message',
      (message) => message.body.startsWith('after'),
      15_000,
    ).then(() => (crossed = true));
    await waitUntil(async () => {
      if (!crossed)
        await request(aliceOnA, 'new_message', { topic: 'room:lobby', body: `after ${attempt++}` });
      return crossed;
    }, 15_000);
    await crossedAfter;
    const crossedAt = Date.now();
    expect(late.result.connected).toBe(true);
    expect((await joinTopic(late.result, 'room:lobby')).ack.ok).toBe(true);

    report('redis-outage', {
      outageMs: restartingAt - stoppedAt,
      httpReadMs: reads.map(({ ms }) => ms),
      httpWriteMs: write.ms,
      readyDuringOutageMs: ready.ms,
      socketConnectMs: late.ms,
      roomJoinRefusedMs: lateJoin.ms,
      localBroadcastAckMs: ack.ms,
      readyAfterRedisStartMs: readyAt - restartingAt,
      crossInstanceAfterRedisStartMs: crossedAt - restartingAt,
      messagesSentUntilCrossed: attempt,
      duringDeliveredLateToOtherInstance: bobMessages.some((message) => message.body === 'during'),
    });
  }, 60_000);
});
