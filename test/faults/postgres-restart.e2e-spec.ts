import { accessTokenFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DedicatedPostgres } from './support/dedicated-postgres.js';
import { latency, percentile, report, type Sample, Traffic } from './support/traffic.js';

// How many requests must be refused while PostgreSQL is down, and how often /health/ready may be asked before the
// test gives up on recovery (once per traffic sample, so the poll is neither tight nor unbounded).
const OUTAGE_REFUSALS = 40;
const READY_POLLS = 200;

describe('PostgreSQL restarted while Hearth is under load', () => {
  let postgres: DedicatedPostgres;
  let t: TestApp;

  beforeAll(async () => {
    postgres = await DedicatedPostgres.start();
    const url = await postgres.createMigratedDatabase('hearth_faults');
    t = await startTestApp({
      database: { url, drop: async () => undefined },
      // This test is about the database alone: in-process rate limits and pub/sub, no limits in the way.
      env: { REDIS_URL: '', RATE_LIMIT_ENABLED: 'false' },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await postgres?.destroy();
  });

  it('answers 503 while the database is away (fail-fast times reported), recovers by itself and loses no acknowledged write', async () => {
    const author = await buildUser(t.prisma);
    const traffic = new Traffic([{ baseUrl: t.baseUrl, token: await accessTokenFor(t, author) }], 4);
    const created = (sample: Sample) => sample.status === 201;
    await traffic.count(created, 20);

    const stoppingAt = Date.now();
    await postgres.stop();
    const stoppedAt = Date.now();
    const readyDuringOutage = await t.http.get('/health/ready');
    // Requests keep flowing against a database that is not there until enough of them were refused.
    await traffic.count((sample) => sample.status === 503 && sample.startedAt >= stoppedAt, OUTAGE_REFUSALS);
    const restartingAt = Date.now();
    await postgres.resume();
    const restartedAt = Date.now();
    const firstWriteAfter = await traffic.next(
      (sample) => created(sample) && sample.startedAt >= restartedAt,
    );
    const readyAfter = await pollUntilReady(traffic);
    const recoveredAt = Date.now();
    await traffic.count(created, 20);
    const samples = await traffic.stop();

    // Every request got an HTTP answer, and none of them a 500 or a hang.
    expect(samples.filter((sample) => sample.networkError)).toEqual([]);
    expect(samples.filter((sample) => sample.status >= 500 && sample.status !== 503)).toEqual([]);
    const refused = samples.filter((sample) => sample.status === 503);
    expect(refused.every((sample) => sample.code === 'service_unavailable')).toBe(true);
    const outage = samples.filter(
      (sample) => sample.startedAt >= stoppedAt && sample.endedAt <= restartingAt,
    );
    expect(outage.length).toBeGreaterThanOrEqual(OUTAGE_REFUSALS);
    expect(outage.every((sample) => sample.status === 503)).toBe(true);

    expect(readyDuringOutage.status).toBe(503);
    expect(readyDuringOutage.body.error.code).toBe('not_ready');
    expect(readyAfter.status).toBe(200);

    // No acknowledged write is lost: every 201 is a row. A write can also commit and lose its answer when the
    // connection dies after COMMIT: such rows are extra, never missing.
    const acknowledged = samples.filter(created).map((sample) => sample.postId!);
    const stored = await t.prisma.post.findMany({
      where: { title: { startsWith: traffic.titlePrefix } },
      select: { id: true },
    });
    const storedIds = new Set(stored.map((row) => row.id));
    expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);

    report('postgres-restart', {
      requests: samples.length,
      stopMs: stoppedAt - stoppingAt,
      outageMs: restartedAt - stoppedAt,
      restartMs: restartedAt - restartingAt,
      outageRequests: outage.length,
      refused503: refused.length,
      failFastP50Ms: percentile(refused.map(latency), 50),
      failFastP99Ms: percentile(refused.map(latency), 99),
      failFastMaxMs: Math.max(0, ...refused.map(latency)),
      firstWriteAfterRestartMs: firstWriteAfter.endedAt - restartedAt,
      readyAfterRestartMs: recoveredAt - restartedAt,
      acknowledgedWrites: acknowledged.length,
      storedWrites: stored.length,
      writesFailed: samples.filter((sample) => sample.kind === 'write' && sample.status !== 201).length,
    });
  }, 90_000);

  /** `/health/ready` once per traffic sample until it answers 200, at most READY_POLLS times. */
  async function pollUntilReady(traffic: Traffic) {
    for (let poll = 1; poll <= READY_POLLS; poll++) {
      const ready = await t.http.get('/health/ready');
      if (ready.status === 200) return ready;
      await traffic.next(() => true);
    }
    throw new Error(`/health/ready did not answer 200 in ${READY_POLLS} polls after PostgreSQL restarted`);
  }
});
