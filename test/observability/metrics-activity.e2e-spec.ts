import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { finishedJob } from '../jobs/support/finished-job.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { pngBytes, postFiles } from '../uploads/upload-fixtures.js';
import { accessTokenFor, authHeadersFor } from '../support/auth.js';
import { buildCartItem, buildProduct, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { type Exposition, sampleValue, scrape } from '../support/prometheus.js';
import { waitUntil } from '../support/server-process.js';
import { connectSocket, joinTopic, request } from '../support/sockets.js';
import { openEventStream } from '../support/sse.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

// What an operator watches moves when users do things: each test reads a metric, acts like a user, and checks
// the metric moved by exactly what was done.
describe('Metrics follow what the instance does', () => {
  let t: TestApp;
  let storage: StorageBackend;
  let alice: User;
  let http: HttpClient;
  const sockets: Socket[] = [];

  const metrics = () => scrape(t.http, TOKEN);
  const value = (exposition: Exposition, name: string, labels: Record<string, string> = {}) =>
    sampleValue(exposition, name, labels) ?? 0;
  /** How much `name{labels}` moved while `act` ran. */
  async function change(name: string, labels: Record<string, string>, act: () => Promise<unknown>) {
    const before = value(await metrics(), name, labels);
    await act();
    return value(await metrics(), name, labels) - before;
  }
  const untilMetric = (name: string, labels: Record<string, string>, expected: number) =>
    waitUntil(async () => value(await metrics(), name, labels) === expected, 5_000);

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: { ...storage.env, METRICS_TOKEN: TOKEN, STRIPE_SECRET_KEY: '' } });
    alice = await buildUser(t.prisma);
    http = t.http.as(await authHeadersFor(t, alice));
  });
  afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });

  it('counts requests by route pattern, method and status class', async () => {
    const listed = { route: '/api/v2/posts', method: 'GET', status_class: '2xx' };
    expect(
      await change('hearth_http_request_duration_seconds_count', listed, async () => {
        for (let i = 0; i < 3; i++) expect((await t.http.get('/api/v2/posts')).status).toBe(200);
      }),
    ).toBe(3);

    const missing = { route: '/api/v2/posts/:id', method: 'GET', status_class: '4xx' };
    expect(
      await change('hearth_http_request_duration_seconds_count', missing, async () => {
        expect((await t.http.get('/api/v2/posts/987654')).status).toBe(404);
        expect((await t.http.get('/api/v2/posts/not-a-number')).status).toBe(400);
      }),
    ).toBe(2);

    const exposition = await metrics();
    const count = value(exposition, 'hearth_http_request_duration_seconds_count', listed);
    expect(value(exposition, 'hearth_http_request_duration_seconds_bucket', { ...listed, le: '+Inf' })).toBe(
      count,
    );
    expect(value(exposition, 'hearth_http_request_duration_seconds_sum', listed)).toBeGreaterThan(0);
  });

  it('counts a request in flight until it ends, even when its client goes away first', async () => {
    // The scrape itself is a request in flight.
    expect(value(await metrics(), 'hearth_http_requests_in_flight')).toBe(1);
    const stream = await openEventStream(`${t.baseUrl}/api/v2/posts/events`);
    const open = await metrics();
    expect(value(open, 'hearth_http_requests_in_flight')).toBe(2);
    expect(value(open, 'hearth_sse_streams_open')).toBe(1);
    stream.close();
    await untilMetric('hearth_sse_streams_open', {}, 0);
    await untilMetric('hearth_http_requests_in_flight', {}, 1);
  });

  it('counts sockets, joined topics, presence entries, and messages sent and refused', async () => {
    const bob = await buildUser(t.prisma);
    sockets.push(await connectSocket(t.baseUrl, await accessTokenFor(t, alice)));
    sockets.push(await connectSocket(t.baseUrl, await accessTokenFor(t, bob)));
    const [first, second] = sockets as [Socket, Socket];
    await joinTopic(first, 'room:metrics');
    await joinTopic(second, 'room:metrics');
    await joinTopic(second, 'room:other');
    expect(await request(first, 'join', { topic: 'posts' })).toEqual({ ok: true });

    const state = await metrics();
    expect(value(state, 'hearth_socket_connections')).toBe(2);
    expect(value(state, 'hearth_socket_joined_topics')).toBe(3);
    expect(value(state, 'hearth_presence_entries')).toBe(3); // posts has no presence

    expect(
      await change('hearth_socket_messages_sent_total', {}, async () => {
        expect(await request(first, 'new_message', { topic: 'room:metrics', body: 'hi' })).toMatchObject({
          ok: true,
        });
      }),
    ).toBe(1);
    expect(
      await change('hearth_socket_messages_refused_total', { reason: 'not_joined' }, async () => {
        const ack = await request(first, 'new_message', { topic: 'room:other', body: 'hi' });
        expect(ack.error.code).toBe('not_joined');
      }),
    ).toBe(1);
    expect(
      await change('hearth_socket_messages_refused_total', { reason: 'invalid_topic' }, async () => {
        expect((await request(first, 'join', { topic: 'lobby' })).error.code).toBe('invalid_topic');
      }),
    ).toBe(1);

    second.close();
    await untilMetric('hearth_socket_connections', {}, 1);
    const after = await metrics();
    expect(value(after, 'hearth_presence_entries')).toBe(1);
    expect(value(after, 'hearth_socket_joined_topics')).toBe(2);
  });

  it('times jobs by name and outcome and shows the queue', async () => {
    const labels = { name: 'search_posts', outcome: 'ok' };
    expect(
      await change('hearth_job_duration_seconds_count', labels, async () => {
        const accepted = await http.post('/api/search/jobs', { query: 'anything' });
        expect(accepted.status).toBe(202);
        expect((await finishedJob(http, accepted.body.id)).body.status).toBe('ok');
      }),
    ).toBe(1);
    const exposition = await metrics();
    for (const state of ['waiting', 'active', 'delayed']) {
      expect(sampleValue(exposition, 'hearth_job_queue_depth', { state })).toBe(0);
    }
  });

  it('counts orders by outcome', async () => {
    async function checkout(priceCents: number) {
      const buyer = await buildUser(t.prisma);
      const product = await buildProduct(t.prisma, { priceCents });
      await buildCartItem(t.prisma, { userId: buyer.id, productId: product.id });
      return (await t.http.as(await authHeadersFor(t, buyer)).post('/api/orders')).status;
    }
    expect(
      await change('hearth_orders_total', { outcome: 'paid' }, async () =>
        expect(await checkout(1_000)).toBe(201),
      ),
    ).toBe(1);
    expect(
      await change('hearth_orders_total', { outcome: 'declined' }, async () =>
        expect(await checkout(1_013)).toBe(402),
      ),
    ).toBe(1);
  });

  it('counts stored uploads and their bytes', async () => {
    const bytes = pngBytes(5_000);
    const before = await metrics();
    const response = await postFiles(t, alice, [
      { name: 'a.png', bytes, type: 'image/png' },
      { name: 'b.png', bytes, type: 'image/png' },
    ]);
    expect(response.status).toBe(201);
    const after = await metrics();
    const moved = (name: string) =>
      value(after, name, { method: 'multipart' }) - value(before, name, { method: 'multipart' });
    expect(moved('hearth_uploads_stored_total')).toBe(2);
    expect(moved('hearth_uploads_stored_bytes_total')).toBe(2 * bytes.length);
  });

  it('counts rejected login attempts as the login limiter', async () => {
    const email = 'metrics-brute-force@example.test';
    const attempts = t.config.auth.bruteForce.login.perAccount;
    expect(
      await change('hearth_rate_limit_rejections_total', { limiter: 'login' }, async () => {
        for (let i = 0; i < attempts; i++) {
          const response = await t.http.post('/api/auth/login', { email, password: 'wrong-password-here' });
          expect(response.status).toBe(401);
        }
        expect(
          (await t.http.post('/api/auth/login', { email, password: 'wrong-password-here' })).status,
        ).toBe(429);
      }),
    ).toBe(1);
  });

  it('counts failed database queries by SQLSTATE class', async () => {
    const account = { email: 'metrics-twice@example.test', password: 'a long enough password' };
    expect(
      await change('hearth_db_query_errors_total', { sqlstate_class: '23' }, async () => {
        expect((await t.http.post('/api/auth/register', account)).status).toBe(201);
        expect((await t.http.post('/api/auth/register', account)).status).toBe(409);
      }),
    ).toBe(1);
    const pool = await metrics();
    expect(value(pool, 'hearth_db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
    expect(value(pool, 'hearth_db_pool_waiting')).toBe(0);
  });

  const withRedis = process.env.REDIS_URL ? it : it.skip;
  withRedis('says Redis is up', async () => {
    expect(value(await metrics(), 'hearth_redis_up')).toBe(1);
  });
});

describe('Anonymous clients over their budget', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_ANONYMOUS: '2' } })),
  );
  afterAll(() => t.close());

  it('are counted as the ip limiter (scrapes themselves are not limited)', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.http.get('/api/v2/posts')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const exposition = await scrape(t.http, TOKEN);
    expect(sampleValue(exposition, 'hearth_rate_limit_rejections_total', { limiter: 'ip' })).toBe(1);
    expect(sampleValue(exposition, 'hearth_rate_limit_rejections_total', { limiter: 'user' })).toBe(0);
  });
});
