// Owns Hearth's Prometheus metrics: one registry per application, every metric and its bounded labels declared
// here. Features record events through the typed methods, one line at each site; state (pools, sockets, queues)
// is read from its owner at scrape time instead of being updated on every change.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import { BoundedLabel } from './bounded-label.js';
import { RouteLatencyHistogram } from './route-latency.histogram.js';

export type LimiterKind = 'key' | 'user' | 'ip' | 'login' | 'forgot' | 'resend';
export type OrderOutcome = 'paid' | 'declined' | 'unavailable';
export type JobOutcome = 'ok' | 'error';
export type UploadMethod = 'multipart' | 'direct';

export interface RealtimeCounts {
  connections: number;
  /** Distinct topics with a member connected here. */
  topics: number;
  presenceEntries: number;
}

/** The database pool as its owner reports it when Prometheus scrapes. */
export interface DatabaseStats {
  max: number;
  total: number;
  idle: number;
  waiting: number;
  /** Failed queries since start, by SQLSTATE class. */
  queryErrors: ReadonlyMap<string, number>;
}

/** Redis as its owner reports it when Prometheus scrapes. */
export interface RedisStats {
  /** Every connection is ready. */
  up: boolean;
  /** Failed commands since start, by connection name. */
  commandErrors: ReadonlyMap<string, number>;
}

export interface JobQueueDepth {
  waiting: number;
  active: number;
  delayed: number;
}

export const LIMITER_KINDS: readonly LimiterKind[] = ['key', 'user', 'ip', 'login', 'forgot', 'resend'];
const ORDER_OUTCOMES: readonly OrderOutcome[] = ['paid', 'declined', 'unavailable'];
const UPLOAD_METHODS: readonly UploadMethod[] = ['multipart', 'direct'];

// Prometheus' defaults, which cover API latencies from 5 ms to 10 s.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

// A scrape must not hang on a dependency that is away (BullMQ waits for Redis indefinitely).
const SCRAPE_SOURCE_TIMEOUT_MS = 1_000;

function withinScrapeBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('metrics source too slow')), SCRAPE_SOURCE_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new RouteLatencyHistogram(
    'hearth_http_request_duration_seconds',
    'HTTP request duration by route pattern, method and status class',
    HTTP_BUCKETS,
  );
  private inFlight = 0;

  private readonly rateLimitRejections = this.counter(
    'hearth_rate_limit_rejections_total',
    'Requests refused with 429 by limiter: key, user, ip (general limits), login, forgot (brute force)',
    ['limiter'],
  );
  private readonly messagesSent = this.counter(
    'hearth_socket_messages_sent_total',
    'Chat messages accepted and broadcast to a topic',
  );
  private readonly messagesRefused = new BoundedLabel(
    this.counter('hearth_socket_messages_refused_total', 'Socket messages refused, by error code', [
      'reason',
    ]),
  );
  private readonly jobDuration = new Histogram({
    name: 'hearth_job_duration_seconds',
    help: 'Background job run time by job name and outcome',
    labelNames: ['name', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  private readonly uploadsStored = this.counter('hearth_uploads_stored_total', 'Uploads stored', ['method']);
  private readonly uploadBytesStored = this.counter(
    'hearth_uploads_stored_bytes_total',
    'Bytes of stored uploads',
    ['method'],
  );
  private readonly orders = this.counter('hearth_orders_total', 'Checkouts by outcome', ['outcome']);

  /** `enabled`: metrics are exposed somewhere, so per-request measuring and process metrics are worth their cost. */
  constructor(readonly enabled: boolean) {
    this.registry.registerMetric(this.httpDuration as unknown as Metric);
    this.gauge('hearth_http_requests_in_flight', 'HTTP requests being served', () => this.inFlight);
    // Every label set starts at 0, so rate() and increase() see the first event.
    for (const kind of LIMITER_KINDS) this.rateLimitRejections.inc({ limiter: kind }, 0);
    for (const outcome of ORDER_OUTCOMES) this.orders.inc({ outcome }, 0);
    for (const method of UPLOAD_METHODS) {
      this.uploadsStored.inc({ method }, 0);
      this.uploadBytesStored.inc({ method }, 0);
    }
    if (enabled) collectDefaultMetrics({ register: this.registry });
  }

  requestStarted(): void {
    this.inFlight++;
  }

  requestAborted(): void {
    this.inFlight--;
  }

  requestFinished(route: string, method: string, status: number, seconds: number): void {
    this.inFlight--;
    this.httpDuration.observe(route, method, status, seconds);
  }

  rateLimitRejected(limiter: LimiterKind): void {
    this.rateLimitRejections.inc({ limiter });
  }

  socketMessageSent(): void {
    this.messagesSent.inc();
  }

  /** `code`: the error code of the refusal (a code of the error catalogue, never client text). */
  socketMessageRefused(code: string): void {
    this.messagesRefused.inc(code);
  }

  /** Call when a job starts; call the returned function with its outcome when it ends. */
  jobStarted(name: string): (outcome: JobOutcome) => void {
    const stop = this.jobDuration.startTimer({ name });
    return (outcome) => void stop({ outcome });
  }

  uploadStored(method: UploadMethod, bytes: number): void {
    this.uploadsStored.inc({ method });
    this.uploadBytesStored.inc({ method }, bytes);
  }

  orderFinished(outcome: OrderOutcome): void {
    this.orders.inc({ outcome });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  observeRealtime(read: () => RealtimeCounts): void {
    this.gauge(
      'hearth_socket_connections',
      'Socket.io connections on this instance',
      () => read().connections,
    );
    this.gauge(
      'hearth_socket_joined_topics',
      'Topics with at least one member on this instance',
      () => read().topics,
    );
    this.gauge(
      'hearth_presence_entries',
      'Presence entries (connection in a topic) held by this instance',
      () => read().presenceEntries,
    );
  }

  observeSseStreams(read: () => number): void {
    this.gauge('hearth_sse_streams_open', 'Server-Sent Events streams open on this instance', read);
  }

  /** Read from the queue at scrape time; a queue that does not answer in time leaves the gauge empty. */
  observeJobQueue(read: () => Promise<JobQueueDepth>): void {
    new Gauge<'state'>({
      name: 'hearth_job_queue_depth',
      help: 'Jobs in the queue by state (waiting, active, delayed)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const depth = await withinScrapeBudget(read()).catch(() => undefined);
        if (!depth) return;
        for (const state of ['waiting', 'active', 'delayed'] as const) this.set({ state }, depth[state]);
      },
    });
  }

  observeDatabase(read: () => DatabaseStats): void {
    new Gauge<'state'>({
      name: 'hearth_db_pool_connections',
      help: 'Database pool connections by state (in_use, idle)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const { total, idle } = read();
        this.set({ state: 'in_use' }, total - idle);
        this.set({ state: 'idle' }, idle);
      },
    });
    this.gauge('hearth_db_pool_waiting', 'Queries waiting for a pool connection', () => read().waiting);
    this.gauge('hearth_db_pool_max_connections', 'Size limit of the database pool', () => read().max);
    this.countedElsewhere(
      'hearth_db_query_errors_total',
      'Failed database queries by SQLSTATE class (connection: the server did not answer)',
      'sqlstate_class',
      () => read().queryErrors,
    );
  }

  observeRedis(read: () => RedisStats): void {
    this.gauge('hearth_redis_up', 'Whether Redis answers on every connection (1) or not (0)', () =>
      read().up ? 1 : 0,
    );
    this.countedElsewhere(
      'hearth_redis_command_errors_total',
      'Failed Redis commands by connection',
      'connection',
      () => read().commandErrors,
    );
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A counter whose totals their owner keeps as plain numbers, read when Prometheus scrapes. */
  private countedElsewhere<L extends string>(
    name: string,
    help: string,
    labelName: L,
    read: () => ReadonlyMap<string, number>,
  ): void {
    const reported = new Map<string, number>();
    new Counter<L>({
      name,
      help,
      labelNames: [labelName],
      registers: [this.registry],
      collect() {
        for (const [value, total] of read()) {
          this.inc(
            { [labelName]: value } as Record<L, string>,
            Math.max(0, total - (reported.get(value) ?? 0)),
          );
          reported.set(value, Math.max(total, reported.get(value) ?? 0));
        }
      },
    });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }
}
