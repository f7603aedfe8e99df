import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { HttpClient } from '../support/http.js';
import { sampleValue, scrape } from '../support/prometheus.js';
import {
  buildServer,
  exitOf,
  isReady,
  type SiblingInstance,
  startSiblingInstance,
  waitUntil,
} from '../support/server-process.js';
import { connectSocket, joinTopic, nextEvent, request } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DedicatedRedis } from './support/dedicated-redis.js';

/** Resolves once `count` lines have matched: lines are handed to `see` as the process writes them. */
class LogWatch {
  private seen = 0;
  private waiting?: { count: number; resolve: () => void };

  constructor(private readonly matches: (line: string) => boolean) {}

  see = (line: string): void => {
    if (!this.matches(line)) return;
    this.seen++;
    if (this.waiting && this.seen >= this.waiting.count) this.waiting.resolve();
  };

  /** Resolves once `more` further lines have matched. */
  next(more: number): Promise<void> {
    const count = this.seen + more;
    return new Promise((resolve) => (this.waiting = { count, resolve }));
  }
}

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';

// The compiled instance runs as `npm start` does, without metrics. The in-process app beside it has metrics on, and
// counts the same failures.
describe('Instances whose Redis goes away while their sockets broadcast', () => {
  let redis: DedicatedRedis;
  let app: TestApp;
  let build: ReturnType<typeof buildServer>;
  let instance: SiblingInstance;
  const sockets: Socket[] = [];
  // One line per failed attempt of the socket.io adapter's publishing connection to reach Redis again.
  const reconnectFailures = new LogWatch((line) => line.includes('socket.io-pub: connect ECONNREFUSED'));

  beforeAll(async () => {
    redis = await DedicatedRedis.start();
    const shared = { REDIS_URL: redis.url, JWT_SECRET: randomBytes(32).toString('hex') };
    app = await startTestApp({ env: { ...shared, METRICS_TOKEN } });
    build = buildServer('faults-redis-broadcast');
    instance = await startSiblingInstance(
      build.main,
      app,
      { ...shared, LOG_LEVEL: 'warn' },
      { onLog: reconnectFailures.see },
    );
  }, 150_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await instance?.kill();
    if (!redis?.running) await redis?.resume();
    await app?.close();
    await redis?.destroy();
    build?.remove();
  });

  /** `work`, or an error as soon as the instance exits (its crash report goes to the test's stderr). */
  async function whileRunning<T>(work: Promise<T>): Promise<T> {
    const exited = exitOf(instance.child).then((code) => {
      throw new Error(`the instance exited with code ${code}`);
    });
    return Promise.race([work, exited]);
  }

  const failedPublishes = async () =>
    sampleValue(await scrape(app.http, METRICS_TOKEN), 'hearth_redis_command_errors_total', {
      connection: 'socket.io-pub',
    }) ?? 0;

  it('keep running when the room broadcasts they could not publish fail, count them, and their rooms keep talking', async () => {
    const [alice, bob, carol] = [
      await buildUser(app.prisma),
      await buildUser(app.prisma),
      await buildUser(app.prisma),
    ];
    const aliceSocket = await connectSocket(instance.baseUrl, await accessTokenFor(app, alice));
    const bobSocket = await connectSocket(instance.baseUrl, await accessTokenFor(app, bob));
    const carolSocket = await connectSocket(app.baseUrl, await accessTokenFor(app, carol));
    sockets.push(aliceSocket, bobSocket, carolSocket);
    for (const socket of sockets) expect((await joinTopic(socket, 'room:outage')).ack.ok).toBe(true);
    expect(await failedPublishes()).toBe(0);

    await redis.stop();
    // Each message is published for the other instances too; with Redis away that publish waits in ioredis's
    // queue, which fails it once a reconnection attempt has failed (the adapter never handles that failure).
    const firstFailure = reconnectFailures.next(1);
    const heard = nextEvent(bobSocket, 'message', (message) => message.body === 'during the outage');
    expect(
      await request(aliceSocket, 'new_message', { topic: 'room:outage', body: 'during the outage' }),
    ).toMatchObject({ ok: true });
    expect(
      await request(carolSocket, 'new_message', { topic: 'room:outage', body: 'from the other instance' }),
    ).toMatchObject({ ok: true });
    await whileRunning(Promise.all([heard, firstFailure]));
    await whileRunning(reconnectFailures.next(2));
    await waitUntil(async () => (await failedPublishes()) >= 1, 15_000);

    expect(aliceSocket.connected).toBe(true);
    const after = nextEvent(bobSocket, 'message', (message) => message.body === 'still here');
    expect(
      await whileRunning(request(aliceSocket, 'new_message', { topic: 'room:outage', body: 'still here' })),
    ).toMatchObject({ ok: true });
    await whileRunning(after);
    expect((await new HttpClient(instance.baseUrl).get('/health')).status).toBe(200);

    // Once Redis is back, both instances are ready again without a restart.
    await redis.resume();
    for (const http of [new HttpClient(instance.baseUrl), app.http]) {
      await whileRunning(waitUntil(() => isReady(http), 15_000));
    }
  }, 60_000);
});
