import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { User } from '../../src/generated/prisma/client.js';
import { finishedJob } from '../jobs/support/finished-job.js';
import { authHeadersFor } from '../support/auth.js';
import {
  startFakeOtlpCollector,
  type FakeOtlpCollector,
  type ReceivedSpan,
  SPAN_KIND,
} from '../support/fake-otlp-collector.js';
import { buildUser } from '../support/factories.js';
import { HttpClient } from '../support/http.js';
import {
  buildServer,
  exitOf,
  type SiblingInstance,
  startSiblingInstance,
} from '../support/server-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface LogRecord {
  msg?: string;
  req_id?: string;
  trace_id?: string;
  url?: string;
}

/** Whether every ancestor of the spans found by `find` has arrived, up to a root. Parents end (and leave) last. */
function withAncestors(spans: ReceivedSpan[], find: (span: ReceivedSpan) => boolean): boolean {
  const found = spans.filter(find);
  return found.length > 0 && found.every((span) => ancestry(spans, span).at(-1)!.parentSpanId === '');
}

/** `span` and its ancestors, up to the root of what was received. */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let parent = spans.find((s) => s.spanId === span.parentSpanId); parent;) {
    chain.push(parent);
    parent = spans.find((s) => s.spanId === parent!.parentSpanId);
  }
  return chain;
}

// Tracing hooks must load before the application's modules, so this runs the compiled server exactly as
// `npm start` does (`node --import dist/instrumentation.js dist/main.js`), exporting to a local OTLP receiver.
describe('Traces over OTLP/HTTP', () => {
  let collector: FakeOtlpCollector;
  let build: ReturnType<typeof buildServer>;
  let t: TestApp;
  let server: SiblingInstance;
  let http: HttpClient;
  const logs: LogRecord[] = [];
  const logWaiters = new Set<() => void>();

  /** The access log line of a request: written once the response is out, so it may trail the response. */
  function accessLogOf(requestId: string, timeoutMs = 5_000): Promise<LogRecord> {
    const find = () => logs.find((log) => log.msg === 'request' && log.req_id === requestId);
    return new Promise((resolve, reject) => {
      const check = () => {
        const log = find();
        if (!log) return;
        logWaiters.delete(check);
        clearTimeout(timer);
        resolve(log);
      };
      const timer = setTimeout(() => {
        logWaiters.delete(check);
        reject(new Error(`no access log for ${requestId} within ${timeoutMs} ms`));
      }, timeoutMs);
      logWaiters.add(check);
      check();
    });
  }
  const serverSpanOf = (spans: ReceivedSpan[], traceId: string, route: string) =>
    spans.find(
      (s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER && s.attributes['http.route'] === route,
    );

  beforeAll(async () => {
    collector = await startFakeOtlpCollector();
    build = buildServer('tracing');
    const shared = { JWT_SECRET: randomBytes(32).toString('hex') };
    // The in-process app only owns the database and mints tokens; the traced process runs the jobs.
    t = await startTestApp({ env: { ...shared, JOBS_WORKER_ENABLED: 'false' } });
    server = await startSiblingInstance(
      build.main,
      t,
      {
        ...shared,
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_TRACES_SAMPLER_ARG: '1', // every new trace (the default keeps 10 %)
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      {
        nodeArgs: ['--import', path.join(build.workDir, 'dist', 'instrumentation.js')],
        onLog: (line) => {
          logs.push(JSON.parse(line) as LogRecord);
          logWaiters.forEach((wake) => wake());
        },
      },
    );
    const author: User = await buildUser(t.prisma);
    http = new HttpClient(server.baseUrl, await authHeadersFor(t, author));
  }, 150_000);
  afterAll(async () => {
    await server?.kill();
    await t?.close();
    await collector?.close();
    build?.remove();
  });

  it('exports one trace for POST /api/v2/posts: HTTP, then the database, then the post-events bus', async () => {
    const created = await http.post(
      '/api/v2/posts',
      { title: 'Traced', body: 'Follow me.' },
      {
        headers: { 'x-request-id': 'trace-post-1' },
      },
    );
    expect(created.status).toBe(201);

    const log = await accessLogOf('trace-post-1');
    expect(log).toMatchObject({ url: '/api/v2/posts', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const traceId = log.trace_id!;
    const isInsert = (s: ReceivedSpan) => s.traceId === traceId && s.name.startsWith('pg.query:INSERT');
    const isPublish = (s: ReceivedSpan) => s.traceId === traceId && s.name === 'post-events publish';
    const spans = await collector.waitFor(
      (received) => withAncestors(received, isInsert) && withAncestors(received, isPublish),
    );
    expect(collector.contentTypes).toEqual(new Set(['application/x-protobuf']));

    const root = serverSpanOf(spans, traceId, '/api/v2/posts')!;
    expect(root).toMatchObject({ name: 'POST /api/v2/posts', parentSpanId: '' });
    const insert = spans.find(isInsert)!;
    const publish = spans.find(isPublish)!;
    expect(insert).toMatchObject({ kind: SPAN_KIND.CLIENT, attributes: { 'db.system.name': 'postgresql' } });
    expect(publish).toMatchObject({ kind: SPAN_KIND.PRODUCER });
    // Both descend from the HTTP server span, through the Fastify request and handler spans.
    for (const span of [insert, publish]) expect(ancestry(spans, span).at(-1)).toBe(root);
    expect(ancestry(spans, publish).map((s) => s.name)).toContain('handler - PostsV2Controller.create');
  });

  it("continues the caller's trace from its traceparent header", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const created = await http.post(
      '/api/v2/posts',
      { title: 'Continued', body: 'From upstream.' },
      {
        headers: { 'x-request-id': 'trace-post-2', traceparent: `00-${traceId}-${callerSpanId}-01` },
      },
    );
    expect(created.status).toBe(201);
    expect((await accessLogOf('trace-post-2')).trace_id).toBe(traceId);

    const spans = await collector.waitFor((received) =>
      Boolean(serverSpanOf(received, traceId, '/api/v2/posts')),
    );
    expect(serverSpanOf(spans, traceId, '/api/v2/posts')!.parentSpanId).toBe(callerSpanId);
  });

  it('answers, and logs, without a trace for an unsampled caller', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await http.get('/api/v2/posts', {
      headers: {
        'x-request-id': 'trace-unsampled',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-00`,
      },
    });
    expect(response.status).toBe(200);
    // The log still names the trace, so that the caller's logs and ours can be joined.
    expect((await accessLogOf('trace-unsampled')).trace_id).toBe(traceId);
    // Sentinel: a sampled request after it; once its trace is in, the unsampled one would have been too.
    const sentinel = await http.get('/api/v2/posts', { headers: { 'x-request-id': 'trace-sentinel' } });
    expect(sentinel.status).toBe(200);
    const sentinelTrace = (await accessLogOf('trace-sentinel')).trace_id!;
    const spans = await collector.waitFor((received) => received.some((s) => s.traceId === sentinelTrace));
    expect(spans.filter((s) => s.traceId === traceId)).toEqual([]);
  });

  it('carries the trace of the request into the job it queued (through BullMQ with Redis)', async () => {
    const accepted = await http.post(
      '/api/search/jobs',
      { query: 'traced' },
      { headers: { 'x-request-id': 'trace-job' } },
    );
    expect(accepted.status).toBe(202);
    expect((await finishedJob(http, accepted.body.id)).body.status).toBe('ok');
    const traceId = (await accessLogOf('trace-job')).trace_id!;
    const isSearchQuery = (s: ReceivedSpan) =>
      s.traceId === traceId && String(s.attributes['db.query.text']).includes('websearch_to_tsquery');

    const spans = await collector.waitFor((received) => withAncestors(received, isSearchQuery));
    const search = spans.find(isSearchQuery)!;
    const chain = ancestry(spans, search);
    expect(chain.at(-1)).toBe(serverSpanOf(spans, traceId, '/api/search/jobs'));
    if (process.env.REDIS_URL) {
      // Queued on Redis and picked up by a worker: the worker's span continues the request's trace.
      expect(chain).toContainEqual(
        expect.objectContaining({ name: 'process jobs', kind: SPAN_KIND.CONSUMER }),
      );
    }
  });

  it('exits cleanly on SIGTERM even when the collector never answers', async () => {
    // A collector that accepts connections and never replies: the export of the last spans hangs. It reads what
    // it is sent, so it sees the connection end when the process exits (unread, the export fills the socket's
    // buffer, reading stops, and the socket outlives the test in Jest's worker).
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hungLogs: LogRecord[] = [];
    const hung = await startSiblingInstance(
      build.main,
      t,
      {
        JWT_SECRET: t.config.auth.jwtSecret,
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
        OTEL_TRACES_SAMPLER: 'always_on',
        SHUTDOWN_TIMEOUT_MS: '3000',
      },
      {
        nodeArgs: ['--import', path.join(build.workDir, 'dist', 'instrumentation.js')],
        onLog: (line) => hungLogs.push(JSON.parse(line) as LogRecord),
      },
    );
    try {
      expect((await new HttpClient(hung.baseUrl).get('/api/v2/posts')).status).toBe(200);
      hung.child.kill('SIGTERM');
      // Without a bound on the flush, the shutdown timeout forces exit code 1.
      expect(await exitOf(hung.child)).toBe(0);
      expect(hungLogs.map((log) => log.msg)).toContainEqual(
        expect.stringContaining('spans could not be exported at shutdown'),
      );
    } finally {
      await hung.kill();
      silent.close();
    }
  }, 150_000);
});
