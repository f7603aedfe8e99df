import path from 'node:path';
import type { BenchDatabase } from './database.js';
import { logFileFor } from './log-files.js';
import { freePort, type ManagedProcess, type ProcessRegistry, waitUntilReady } from './processes.js';

// The servers Hearth is compared with: the plain NestJS + Prisma app a team would write itself
// (bench/plain-nest), the same app with helmet and request logs (a reference, no target), and the bare
// node:http + pg floor (bench/baseline-server.ts). All over the same database with a pool the size of Hearth's.

export const PLAIN = 'plain Nest + Prisma';
export const PLAIN_WITH_HELMET_AND_LOGS = 'plain Nest + helmet + request logs';
export const BARE = 'bare node:http + pg';
/** The targets that are not Hearth. */
export const COMPARISON_TARGETS: readonly string[] = [PLAIN, PLAIN_WITH_HELMET_AND_LOGS, BARE];

const READY_TIMEOUT_MS = 60_000;
const PLAIN_NEST_BUILD = path.join('.data', 'bench', 'plain-nest');

export interface ComparisonServer {
  readonly baseUrl: string;
  readonly process: ManagedProcess;
}

/** Compiles the plain app with the compiler and options Hearth is built with (swc, .swcrc), with its Prisma client. */
export async function buildPlainNest(processes: ProcessRegistry): Promise<void> {
  await processes.run('build plain-nest', 'npx', [
    'swc',
    'bench/plain-nest',
    'src/generated',
    '-d',
    PLAIN_NEST_BUILD,
    '--quiet',
  ]);
}

/**
 * Starts the plain app (built by buildPlainNest) in production mode; `helmetAndLogs` adds just those two, `nodeArgs`
 * are `node` flags (e.g. for a profiler).
 */
export async function startPlainNest(
  processes: ProcessRegistry,
  database: BenchDatabase,
  poolSize: number,
  helmetAndLogs = false,
  nodeArgs: readonly string[] = [],
): Promise<ComparisonServer> {
  const port = await freePort();
  const managed = processes.start(
    'plain-nest',
    process.execPath,
    [...nodeArgs, path.join(PLAIN_NEST_BUILD, 'bench', 'plain-nest', 'main.js')],
    {
      logFile: logFileFor(`plain-nest-${port}`),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: database.url,
        DATABASE_POOL_SIZE: String(poolSize),
        PLAIN_NEST_HELMET_AND_LOGS: String(helmetAndLogs),
      },
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health`, managed, READY_TIMEOUT_MS);
  return { baseUrl, process: managed };
}

/** Starts the bare node:http + pg server (run by tsx, like the bench itself). */
export async function startBaseline(
  processes: ProcessRegistry,
  database: BenchDatabase,
  poolSize: number,
): Promise<ComparisonServer> {
  const port = await freePort();
  const managed = processes.start(
    'baseline',
    process.execPath,
    ['--import', 'tsx', 'bench/baseline-server.ts'],
    {
      logFile: logFileFor(`baseline-${port}`),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BASELINE_DATABASE_URL: database.url,
        PORT: String(port),
        POOL_SIZE: String(poolSize),
      },
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/health`, managed, READY_TIMEOUT_MS);
  return { baseUrl, process: managed };
}
