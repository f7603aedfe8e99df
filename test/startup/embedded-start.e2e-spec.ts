import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { HttpClient } from '../support/http.js';
import {
  buildServer,
  exitOf,
  freePort,
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

  afterAll(() => build.remove());

  function startServer(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EMBEDDED_DATABASE_DIR: path.join(build.workDir, 'postgres'),
      EMBEDDED_DATABASE_PORT: String(databasePort),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    return startServerProcess(build.main, env);
  }

  async function stopWithCtrlC(server: ChildProcess): Promise<number | null> {
    const exited = exitOf(server);
    server.kill('SIGINT');
    return exited;
  }

  it('boots an embedded PostgreSQL, migrates, seeds, serves posts, and stops cleanly on SIGINT; a restart keeps the data', async () => {
    const http = new HttpClient(`http://127.0.0.1:${httpPort}`);
    const ready = async () => (await http.get('/health/ready').catch(() => ({ status: 0 }))).status === 200;

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
});
