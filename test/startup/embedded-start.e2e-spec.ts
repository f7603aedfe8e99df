import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { HttpClient } from '../support/http.js';

// The promise of `npm install && npm start` on a machine with nothing running: no DATABASE_URL, so the server
// starts an embedded PostgreSQL, migrates, seeds demo data, serves, and shuts everything down on Ctrl-C.

const root = process.cwd();
const workDir = path.join(root, '.data', 'test-builds', `embedded-${process.pid}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.destroy() || resolve(true));
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start with nothing configured', () => {
  let httpPort: number;
  let databasePort: number;

  beforeAll(async () => {
    mkdirSync(workDir, { recursive: true });
    execFileSync(
      path.join(root, 'node_modules', '.bin', 'swc'),
      ['src', '-d', path.join(workDir, 'dist'), '--strip-leading-paths', '--quiet'],
      { cwd: root },
    );
    httpPort = await freePort();
    databasePort = await freePort();
  }, 120_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  function startServer(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EMBEDDED_DATABASE_DIR: path.join(workDir, 'postgres'),
      EMBEDDED_DATABASE_PORT: String(databasePort),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    return spawn(process.execPath, [path.join(workDir, 'dist', 'main.js')], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
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
