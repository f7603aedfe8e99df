import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { HttpClient } from './http.js';
import { startTestApp, type TestApp } from './test-app.js';

// Tests that need a real Hearth process (Ctrl-C, SIGKILL) run the compiled server, exactly as `npm start` does.

const root = process.cwd();

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts a TCP connection on `port` (a refused or silent port is false). */
export function portAcceptsConnections(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Whether the instance answers `/health/ready` with 200; a refused connection is "not yet". */
export async function isReady(http: HttpClient): Promise<boolean> {
  return (await http.get('/health/ready').catch(() => ({ status: 0 }))).status === 200;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Compiles src/ into a private directory (removed by `remove`), so parallel test files never share a build. */
export function buildServer(name: string): { workDir: string; main: string; remove(): void } {
  const workDir = path.join(root, '.data', 'test-builds', `${name}-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'swc'),
    ['src', '-d', path.join(workDir, 'dist'), '--strip-leading-paths', '--quiet'],
    { cwd: root },
  );
  return {
    workDir,
    main: path.join(workDir, 'dist', 'main.js'),
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

export interface ServerProcessOptions {
  /** Node options before the entry point, e.g. `['--import', <dist>/instrumentation.js]` as `npm start` does. */
  nodeArgs?: string[];
  /** Receives each line the process writes to stdout (its JSON logs) instead of the test's output. */
  onLog?: (line: string) => void;
  /** stdout and stderr are piped to the test (see `outputOf`) instead of inherited. */
  captureOutput?: boolean;
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Let the process read `.env` from its working directory; off by default, so a developer's `.env` never leaks in. */
  readEnvFile?: boolean;
}

export function startServerProcess(
  main: string,
  env: NodeJS.ProcessEnv,
  options: ServerProcessOptions = {},
): ChildProcess {
  const stdoutPiped = options.captureOutput || options.onLog;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
    cwd: options.cwd ?? root,
    env: options.readEnvFile ? env : { ...env, ENV_FILE: '' },
    stdio: ['ignore', stdoutPiped ? 'pipe' : 'inherit', options.captureOutput ? 'pipe' : 'inherit'],
  });
  if (options.onLog) readline.createInterface({ input: child.stdout! }).on('line', options.onLog);
  return child;
}

/** Everything a process started with `captureOutput` has written so far, stdout and stderr together. */
export function outputOf(child: ChildProcess): () => string {
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

export interface SiblingInstance {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** SIGKILLs the process unless it already exited, and waits for the exit. */
  kill(): Promise<void>;
}

/**
 * A compiled Hearth process next to an in-process test app: same database, same Redis key space, and (through
 * `env`) the same JWT_SECRET, so both accept the same tokens. Resolves once it is ready.
 */
export async function startSiblingInstance(
  main: string,
  peer: Pick<TestApp, 'database' | 'config'>,
  env: NodeJS.ProcessEnv = {},
  options: ServerProcessOptions = {},
): Promise<SiblingInstance> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = startServerProcess(
    main,
    {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: peer.database.url,
      REDIS_KEY_PREFIX: peer.config.redis.keyPrefix,
      MIGRATE_ON_START: 'false',
      SEED_DEMO_DATA: 'false',
      ...env,
    },
    options,
  );
  const http = new HttpClient(baseUrl);
  // A compiled instance has taken over 30 s to become ready on a loaded CI machine.
  await waitUntil(() => isReady(http), 90_000);
  return {
    child,
    port,
    baseUrl,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exitOf(child);
    },
  };
}

export interface InstancePair {
  /** In process: the test's handle on the database (prisma) and on tokens. */
  app: TestApp;
  /** A compiled process that tests may kill or stop. */
  sibling: SiblingInstance;
  close(): Promise<void>;
}

/** Two instances of one deployment: shared database, Redis key space and JWT secret (`env` goes to both). */
export async function startInstancePair(
  name: string,
  env: Record<string, string> = {},
  siblingEnv: NodeJS.ProcessEnv = {},
): Promise<InstancePair> {
  const build = buildServer(name);
  const shared = { JWT_SECRET: randomBytes(32).toString('hex'), ...env };
  const app = await startTestApp({ env: shared });
  const sibling = await startSiblingInstance(build.main, app, { ...shared, ...siblingEnv });
  return {
    app,
    sibling,
    close: async () => {
      await sibling.kill();
      await app.close();
      build.remove();
    },
  };
}
