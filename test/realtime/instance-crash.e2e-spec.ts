import { reportMeasured } from '../support/report.js';
import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { type InstancePair, type SiblingInstance, startInstancePair } from '../support/server-process.js';
import { connectSocket, joinTopic, nextEvent } from '../support/sockets.js';
import type { TestApp } from '../support/test-app.js';

const HEARTBEAT_MS = 200;
const TTL_MS = 1_000;
// The documented bound: an instance's presences are gone within PRESENCE_TTL_MS + PRESENCE_HEARTBEAT_MS.
const BOUND_MS = TTL_MS + HEARTBEAT_MS;

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

withRedis('A server instance killed with SIGKILL', () => {
  let pair: InstancePair;
  let survivor: TestApp;
  let victim: SiblingInstance;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    pair = await startInstancePair('crash', {
      PRESENCE_HEARTBEAT_MS: String(HEARTBEAT_MS),
      PRESENCE_TTL_MS: String(TTL_MS),
    });
    ({ app: survivor, sibling: victim } = pair);
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await pair.close();
  });

  it('has its presences removed and announced by a survivor (time reported against the documented bound)', async () => {
    const [alice, bob]: User[] = [await buildUser(survivor.prisma), await buildUser(survivor.prisma)];
    const observer = await connectSocket(survivor.baseUrl, await accessTokenFor(survivor, bob));
    const doomed = await connectSocket(victim.baseUrl, await accessTokenFor(survivor, alice));
    sockets.push(observer, doomed);
    await joinTopic(observer, 'room:crash');
    const aliceJoined = nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.joins[alice.id]));
    await joinTopic(doomed, 'room:crash');
    await aliceJoined;

    const aliceLeft = nextEvent(observer, 'presence_diff', (diff) => Boolean(diff.leaves[alice.id]), 10_000);
    const killedAt = Date.now();
    await victim.kill();
    const diff = await aliceLeft;
    const elapsed = Date.now() - killedAt;

    expect(diff.leaves[alice.id].metas).toHaveLength(1);
    reportMeasured('instance-crash', { documentedBoundMs: BOUND_MS, removedAfterMs: elapsed });
    const late = await connectSocket(survivor.baseUrl, await accessTokenFor(survivor, bob));
    sockets.push(late);
    const { state } = await joinTopic(late, 'room:crash');
    expect(Object.keys(state.presences)).toEqual([String(bob.id)]);
  }, 30_000);
});
