import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopOrphanedServer } from '../../src/infra/database/embedded-postgres.js';
import { HttpClient } from '../support/http.js';
import {
  buildServer,
  exitOf,
  freePort,
  isReady,
  portAcceptsConnections,
  startServerProcess,
  waitUntil,
} from '../support/server-process.js';

// The promise of `npm install && npm start` on a machine with nothing running: no DATABASE_URL, so the server
// starts an embedded PostgreSQL, migrates, seeds demo data, serves, and shuts everything down on Ctrl-C.

describe('npm start with nothing configured', () => {
  let httpPort: number;
  let databasePort: number;
  let build: ReturnType<typeof buildServer>;

  beforeAll(async () => {
    build = buildServer('embedded');
    httpPort = await freePort();
    databasePort = await freePort();
  }, 120_000);

  const started: ChildProcess[] = [];

  // A failed test may leave a Hearth, or the PostgreSQL of a killed one, running: both go before the build does.
  afterAll(async () => {
    for (const server of started)
      if (server.exitCode === null && server.signalCode === null) await stopWith('SIGKILL', server);
    await stopOrphanedServer(dataDir());
    build.remove();
  });

  const dataDir = () => path.join(build.workDir, 'postgres');

  function startServer(port = httpPort): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EMBEDDED_DATABASE_DIR: dataDir(),
      EMBEDDED_DATABASE_PORT: String(databasePort),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const server = startServerProcess(build.main, env);
    started.push(server);
    return server;
  }

  async function stopWith(signal: NodeJS.Signals, server: ChildProcess): Promise<number | null> {
    const exited = exitOf(server);
    server.kill(signal);
    return exited;
  }
  const stopWithCtrlC = (server: ChildProcess) => stopWith('SIGINT', server);

  const readyAt = (port: number) => {
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    return () => isReady(http);
  };

  it('boots an embedded PostgreSQL, migrates, seeds, serves posts, and stops cleanly on SIGINT; a restart keeps the data', async () => {
    const http = new HttpClient(`http://127.0.0.1:${httpPort}`);
    const ready = readyAt(httpPort);

    const first = startServer();
    await waitUntil(ready, 90_000);
    const page = await http.get('/api/v1/posts?page=1');
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(20);
    const seededPosts = page.body.metadata.total_entries;
    expect(seededPosts).toBeGreaterThanOrEqual(40);
    expect(await stopWithCtrlC(first)).toBe(0);
    expect(await portAcceptsConnections(databasePort)).toBe(false);

    const second = startServer();
    try {
      await waitUntil(ready, 90_000);
      const again = await http.get('/api/v1/posts?page=1');
      expect(again.body.metadata.total_entries).toBe(seededPosts);
    } finally {
      expect(await stopWithCtrlC(second)).toBe(0);
    }
  }, 240_000);

  it('stops the embedded PostgreSQL too when its terminal closes (SIGHUP)', async () => {
    const server = startServer();
    await waitUntil(readyAt(httpPort), 90_000);
    expect(await stopWith('SIGHUP', server)).toBe(0);
    expect(await portAcceptsConnections(databasePort)).toBe(false);
  }, 120_000);

  it('after a Hearth was killed (SIGKILL), the next start stops the PostgreSQL it left running and serves', async () => {
    const killed = startServer();
    await waitUntil(readyAt(httpPort), 90_000);
    expect(await stopWith('SIGKILL', killed)).toBeNull();
    // What used to make every later start fail: the orphaned server still holds the port and the data directory.
    expect(await portAcceptsConnections(databasePort)).toBe(true);

    const next = startServer();
    try {
      await waitUntil(readyAt(httpPort), 90_000);
      const page = await new HttpClient(`http://127.0.0.1:${httpPort}`).get('/api/v1/posts?page=1');
      expect(page.status).toBe(200);
    } finally {
      expect(await stopWithCtrlC(next)).toBe(0);
    }
    expect(await portAcceptsConnections(databasePort)).toBe(false);
  }, 240_000);

  it('a second start on the same data directory fails and leaves the running Hearth and its database alone', async () => {
    const running = startServer();
    try {
      await waitUntil(readyAt(httpPort), 90_000);
      const second = startServer(await freePort());
      await waitUntil(async () => second.exitCode !== null, 60_000);
      expect(second.exitCode).toBe(1);
      expect(await readyAt(httpPort)()).toBe(true);
    } finally {
      expect(await stopWithCtrlC(running)).toBe(0);
    }
  }, 240_000);
});
