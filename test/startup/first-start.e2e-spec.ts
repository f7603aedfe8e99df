import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpClient } from '../support/http.js';
import {
  buildServer,
  exitOf,
  freePort,
  outputOf,
  startServerProcess,
  waitUntil,
} from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The first hour of a new user: copy .env.example to .env, change a value, `npm start`. The settings in `.env` are
// used (the real environment still wins), and start-up ends with a short banner instead of pages of logs.

describe('starting Hearth from a directory with a .env file', () => {
  let build: ReturnType<typeof buildServer>;
  let database: TestDatabase;
  let workDir: string;

  beforeAll(async () => {
    build = buildServer('first-start');
    database = await createTestDatabase();
    workDir = mkdtempSync(path.join(tmpdir(), 'hearth-env-'));
  }, 120_000);

  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await database.drop();
    build.remove();
  });

  async function startWith(dotenv: Record<string, string>, realEnv: NodeJS.ProcessEnv) {
    writeFileSync(
      path.join(workDir, '.env'),
      Object.entries(dotenv)
        .map(([name, value]) => `${name}=${value}   # as in .env.example`)
        .join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', ...realEnv };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'ENV_FILE']) {
      if (!(name in realEnv)) delete env[name];
    }
    const server = startServerProcess(build.main, env, {
      cwd: workDir,
      readEnvFile: true,
      captureOutput: true,
      nodeArgs: ['--import', path.join(path.dirname(build.main), 'instrumentation.js')],
    });
    const output = outputOf(server);
    const http = new HttpClient(`http://127.0.0.1:${dotenv.PORT}`);
    await waitUntil(async () => output().includes('Hearth is ready') || server.exitCode !== null, 60_000);
    return { server, output, http };
  }

  async function stop(server: ReturnType<typeof startServerProcess>): Promise<number | null> {
    const exited = exitOf(server);
    server.kill('SIGINT');
    return exited;
  }

  it('listens on the PORT from .env, lets real variables win, and logs JSON with a banner record when piped', async () => {
    const port = String(await freePort());
    const { server, output, http } = await startWith(
      {
        PORT: port,
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        MIGRATE_ON_START: 'false',
        API_DOCS_ENABLED: 'true',
      },
      { API_DOCS_ENABLED: 'false', SEED_DEMO_DATA: 'false' },
    );
    try {
      expect((await http.get('/health')).status).toBe(200);
      expect((await http.get('/api/docs-json')).status).toBe(404);
      const lines = output().trim().split('\n');
      const records = lines.map((line) => JSON.parse(line) as Record<string, string>);
      const banner = records.find((record) => record.msg === 'Hearth is ready')!;
      expect(banner).toMatchObject({
        api: `http://127.0.0.1:${port}/api`,
        demo_page: `http://127.0.0.1:${port}/`,
        database: `PostgreSQL at ${new URL(database.url).host}${new URL(database.url).pathname}`,
        redis: 'in-process (single instance)',
        storage: 'local disk (.data/uploads)',
      });
      expect(banner).not.toHaveProperty('docs');
      expect(banner).not.toHaveProperty('demo_accounts');
      // Nest's per-module and per-route lines are debug records now: start-up is a handful of lines.
      expect(lines.length).toBeLessThanOrEqual(5);
    } finally {
      expect(await stop(server)).toBe(0);
    }
    expect(output()).not.toMatch(/Deprecation|FSTDEP|Warning/);
  }, 120_000);

  it('prints human-readable lines and the banner with the demo accounts when LOG_FORMAT=pretty', async () => {
    const port = String(await freePort());
    const { server, output, http } = await startWith(
      {
        PORT: port,
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        MIGRATE_ON_START: 'false',
        SEED_DEMO_DATA: 'true',
        LOG_FORMAT: 'pretty',
      },
      {},
    );
    try {
      expect((await http.get('/health')).status).toBe(200);
      const text = output();
      expect(text).not.toMatch(/^\{/m);
      expect(text).toContain('Database: demo data seeded');
      expect(text).toMatch(/demo accounts +admin@hearth\.local, .* \(password hearth-demo-password\)/);
      expect(text).toMatch(new RegExp(`docs +http://127\\.0\\.0\\.1:${port}/api/docs`));
    } finally {
      expect(await stop(server)).toBe(0);
    }
  }, 120_000);
});
