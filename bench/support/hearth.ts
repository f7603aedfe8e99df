import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { freePort, type ManagedProcess, type ProcessRegistry, waitUntilReady } from './processes.js';

// Hearth as users run it: the built dist/main.js in its own process, over a database used only by benchmarks.

// Another name (BENCH_DATABASE) lets runs share one PostgreSQL server without dropping each other's database.
const BENCH_DATABASE = process.env.BENCH_DATABASE?.trim() || 'hearth_bench';
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DATABASE)) {
  throw new Error(`BENCH_DATABASE must be a plain lowercase identifier (got "${BENCH_DATABASE}")`);
}
const EMBEDDED_DIR = path.join('.data', 'bench', 'postgres');
// Must match src/infra/database/embedded-postgres.ts and prepare-database.ts (user, password, database name).
const EMBEDDED_CREDENTIALS = 'postgres:hearth-embedded';
const EMBEDDED_DATABASE = 'hearth';
const READY_TIMEOUT_MS = 120_000;

export interface BenchDatabase {
  /** Where the data lives, for the report. */
  readonly description: string;
  /** Environment that points Hearth at it. */
  readonly hearthEnv: NodeJS.ProcessEnv;
  /** Connection URL for other clients (baseline, seeding); reachable while Hearth runs. */
  readonly url: string;
  /** Drops what `prepare` created (a no-op for the embedded data directory, which is reused). */
  dispose(): Promise<void>;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * With DATABASE_URL: a fresh `hearth_bench` (or BENCH_DATABASE) database on that server, dropped afterwards.
 * Without: Hearth's embedded default, in its own data directory (.data/bench) and on its own port, so it never
 * touches .data/postgres.
 */
export async function prepareBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const admin = withDatabase(external, 'postgres');
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`);
    await adminQuery(admin, `CREATE DATABASE "${BENCH_DATABASE}"`);
    const url = withDatabase(external, BENCH_DATABASE);
    const server = new URL(external);
    return {
      description: `PostgreSQL at ${server.hostname}:${server.port || 5432} (database ${BENCH_DATABASE}, recreated for the run)`,
      hearthEnv: { DATABASE_URL: url },
      url,
      dispose: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`),
    };
  }
  const port = await freePort();
  return {
    description: `embedded PostgreSQL started by Hearth (data in ${EMBEDDED_DIR})`,
    hearthEnv: {
      DATABASE_URL: '',
      EMBEDDED_DATABASE_DIR: EMBEDDED_DIR,
      EMBEDDED_DATABASE_PORT: String(port),
    },
    url: `postgresql://${EMBEDDED_CREDENTIALS}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    dispose: async () => undefined,
  };
}

export interface RunningHearth {
  readonly baseUrl: string;
  readonly process: ManagedProcess;
}

/** Starts `node dist/main.js` (migrations and demo seed run at start) and waits until /health/ready answers. */
export async function startHearth(
  processes: ProcessRegistry,
  database: BenchDatabase,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningHearth> {
  const port = await freePort();
  const managed = processes.start('hearth', process.execPath, ['dist/main.js'], {
    echo: true,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // Production refuses to start without its secrets; a benchmark run gets throwaway ones unless given real ones.
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'true',
      SEED_DEMO_DATA: 'true',
      // Every process gets fresh Redis counters, and budgets far above any benchmark's load: the limiter still
      // runs (as deployed) but never answers 429. The rate-limit scenario sets its own budgets.
      REDIS_KEY_PREFIX: `hearth_bench:${randomBytes(6).toString('hex')}:`,
      RATE_LIMIT_ANONYMOUS: '1000000000',
      RATE_LIMIT_USER: '1000000000',
      // Likewise the per-client socket limits: the fan-out and soak scenarios hold many sockets per user.
      SOCKET_MAX_CONNECTIONS_PER_USER: '1000000',
      SOCKET_MESSAGES_PER_SECOND: '10000',
      SOCKET_MESSAGE_BURST: '10000',
      ...database.hearthEnv,
      ...env,
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health/ready`, managed, READY_TIMEOUT_MS);
  return { baseUrl, process: managed };
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

// The demo seed's shared password (src/infra/database/demo-seed.ts).
const DEMO_PASSWORD = 'hearth-demo-password';

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
