import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../src/demo/demo-seed.js';
import type { BenchDatabase } from './database.js';
import { logFileFor } from './log-files.js';
import { freePort, type ManagedProcess, type ProcessRegistry, waitUntilReady } from './processes.js';

// Hearth as teams deploy it: the built dist/main.js in its own process, in production mode with default (info)
// logs, every global guard, hook and header on, and the rate limiter counting every request, over a
// database used only by benchmarks.

const READY_TIMEOUT_MS = 120_000;
const BUDGET_FAR_ABOVE_ANY_LOAD = '1000000000';

const secret = () => randomBytes(32).toString('base64url');
// One set per run, shared by every instance (as every instance of a deployment shares them).
const RUN_SECRETS = {
  JWT_SECRET: secret(),
  COOKIE_SECRET: secret(),
  // A real-looking key for a Stripe that is not there: read benchmarks never charge.
  STRIPE_SECRET_KEY: `sk_test_${randomBytes(24).toString('hex')}`,
  STRIPE_API_BASE_URL: 'http://127.0.0.1:9',
};

/**
 * The environment of a production deployment. Production refuses to start without DATABASE_URL and
 * STRIPE_SECRET_KEY, with SEED_DEMO_DATA=true or with low-entropy secrets, so the bench gives it random 32-byte
 * secrets and seeds the database itself. LOG_LEVEL is stated (info, the default) so that a stray LOG_LEVEL in the
 * shell cannot quietly make Hearth cheaper than deployed.
 */
export function deployedEnvironment(database: BenchDatabase, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...RUN_SECRETS,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO_DATA: 'false',
    STORAGE_LOCAL_DIR: path.join('.data', 'bench', 'uploads'),
    // Every process gets fresh Redis counters, and budgets far above any benchmark's load: the limiter counts
    // every request (as deployed) but never answers 429. The rate-limit scenario sets its own budgets.
    REDIS_KEY_PREFIX: `hearth_bench:${randomBytes(6).toString('hex')}:`,
    RATE_LIMIT_ANONYMOUS: BUDGET_FAR_ABOVE_ANY_LOAD,
    RATE_LIMIT_USER: BUDGET_FAR_ABOVE_ANY_LOAD,
    RATE_LIMIT_API_KEY_DEFAULT: BUDGET_FAR_ABOVE_ANY_LOAD,
    // Likewise the per-client socket limits: the fan-out and soak scenarios hold many sockets per user and send
    // steadily.
    SOCKET_MAX_CONNECTIONS_PER_USER: '1000000',
    SOCKET_MESSAGES_PER_SECOND: '10000',
    SOCKET_MESSAGE_BURST: '10000',
    ...database.hearthEnv,
  };
}

/** The two deployments read scenarios measure: one instance with in-process counters, and Redis-backed. */
export function deployedVariants(): { target: string; env: NodeJS.ProcessEnv }[] {
  const redisUrl = process.env.REDIS_URL?.trim();
  return [
    { target: 'Hearth, in-process limiter', env: { REDIS_URL: '' } },
    ...(redisUrl ? [{ target: 'Hearth, Redis', env: { REDIS_URL: redisUrl } }] : []),
  ];
}

export interface RunningHearth {
  readonly baseUrl: string;
  readonly process: ManagedProcess;
  /** Where its stdout and stderr (the JSON logs) go: .data/bench/logs/<run>/. */
  readonly logFile: string;
}

export interface StartHearthOptions {
  /** Names the process and its log file (default `hearth`). */
  name?: string;
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * Starts `node dist/main.js` as deployed (see deployedEnvironment; `env` adds to or overrides it) and waits until
 * /health/ready answers. Its logs go to a file under .data/bench/logs.
 */
export async function startHearth(
  processes: ProcessRegistry,
  database: BenchDatabase,
  env: NodeJS.ProcessEnv = {},
  options: StartHearthOptions = {},
): Promise<RunningHearth> {
  const port = await freePort();
  const name = options.name ?? 'hearth';
  const logFile = logFileFor(`${name}-${port}`);
  const managed = processes.start(name, process.execPath, [...(options.nodeArgs ?? []), 'dist/main.js'], {
    logFile,
    env: { ...deployedEnvironment(database, port), ...env },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health/ready`, managed, READY_TIMEOUT_MS);
  return { baseUrl, process: managed, logFile };
}

/**
 * Tops the published posts up to `target` (demo data has ~45), idempotently, so list pages are full and the
 * count covers a realistic table. Bodies are long enough that the excerpt is really cut.
 */
export async function topUpPublishedPosts(databaseUrl: string, target: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM posts WHERE published');
    const missing = target - Number(rows[0].count);
    if (missing > 0) {
      await client.query(
        `INSERT INTO posts (author_id, title, body, published, likes_count, created_at, updated_at)
         SELECT (SELECT id FROM users ORDER BY id LIMIT 1),
                'Benchmark post #' || n,
                'Benchmark body ' || n || '. ' || repeat('Hearth serves posts, likes and live updates. ', 6),
                true, n % 50,
                now() - make_interval(mins => n), now() - make_interval(mins => n)
         FROM generate_series(1, $1::int) AS n`,
        [missing],
      );
    }
    const after = await client.query<{ count: string }>('SELECT count(*) FROM posts WHERE published');
    return Number(after.rows[0].count);
  } finally {
    await client.end();
  }
}

/** The post the single-post routes are measured on. */
export async function newestPublishedPostId(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM posts WHERE published ORDER BY created_at DESC, id DESC LIMIT 1',
    );
    if (!rows[0]) throw new Error('the benchmark database has no published post');
    return rows[0].id;
  } finally {
    await client.end();
  }
}

/** A bearer access token for a demo-seed user, through `POST /api/auth/token` as a client gets one. */
export async function demoAccessToken(baseUrl: string, email = 'alice@hearth.local'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`POST /api/auth/token for ${email} answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * One token per client, as when every client signed in on its own: the claims of `token` (one Hearth issued), each
 * copy with its own `jti`, signed HS256 with the run's secret as Hearth signs. Hearth keeps the tokens it has verified,
 * so clients sharing one token would have it verified once between them, which no real crowd of clients does.
 */
export function ownTokens(token: string): (client: number) => string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as object;
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  return (client) => {
    const payload = Buffer.from(JSON.stringify({ ...claims, jti: `client-${client}` })).toString('base64url');
    const signature = createHmac('sha256', RUN_SECRETS.JWT_SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    return `${header}.${payload}.${signature}`;
  };
}

/** The session cookie of a demo-seed user signed in as a browser is (`POST /api/auth/login`). */
export async function demoSessionCookie(baseUrl: string, email = 'alice@hearth.local'): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`POST /api/auth/login for ${email} answered ${login.status}`);
  return login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

/**
 * A socket token as a browser gets one: signed in by cookie, then `GET /api/auth/socket-token`. Unlike a bearer
 * access token it is bound to that session, so every handshake also checks that the session still lives.
 */
export async function demoSessionSocketToken(baseUrl: string, email = 'alice@hearth.local'): Promise<string> {
  const cookie = await demoSessionCookie(baseUrl, email);
  const response = await fetch(`${baseUrl}/api/auth/socket-token`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET /api/auth/socket-token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A partner's API key, issued by the demo admin through `POST /api/admin/api-keys`, acting as the admin. */
export async function demoApiKey(baseUrl: string): Promise<string> {
  const admin = await demoAccessToken(baseUrl, 'admin@hearth.local');
  const response = await fetch(`${baseUrl}/api/admin/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ name: 'benchmark partner' }),
  });
  if (response.status !== 201) throw new Error(`POST /api/admin/api-keys answered ${response.status}`);
  return ((await response.json()) as { key: string }).key;
}
