import type { Socket } from 'socket.io-client';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { exitOf, type InstancePair, startInstancePair } from '../support/server-process.js';
import { connectSocket, joinTopic, nextEvent } from '../support/sockets.js';

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

withRedis('An instance stopped with SIGTERM', () => {
  let pair: InstancePair;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Default presence timings: a 15 s TTL, so only a graceful leave can be this fast.
    pair = await startInstancePair('graceful');
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await pair.close();
  });

  it('announces the leaves of its connections at once instead of waiting for the presence TTL', async () => {
    const { app, sibling } = pair;
    const [alice, bob] = [await buildUser(app.prisma), await buildUser(app.prisma)];
    const observer = await connectSocket(app.baseUrl, await accessTokenFor(app, bob));
    const leaving = await connectSocket(sibling.baseUrl, await accessTokenFor(app, alice));
    sockets.push(observer, leaving);
    await joinTopic(observer, 'room:graceful');
    const joined = nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.joins[alice.id]));
    await joinTopic(leaving, 'room:graceful');
    await joined;

    const left = nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.leaves[alice.id]), 5_000);
    const disconnected = new Promise((resolve) => leaving.once('disconnect', resolve));
    sibling.child.kill('SIGTERM');

    expect((await left).leaves[alice.id].metas).toHaveLength(1);
    await disconnected;
    expect(await exitOf(sibling.child)).toBe(0);
    const late = await connectSocket(app.baseUrl, await accessTokenFor(app, bob));
    sockets.push(late);
    const { state } = await joinTopic(late, 'room:graceful');
    expect(Object.keys(state.presences)).toEqual([String(bob.id)]);
  }, 30_000);
});
