import { jest } from '@jest/globals';
import path from 'node:path';
import { HttpClient } from '../support/http.js';
import { productionEnv } from '../support/production-env.js';
import {
  buildServer,
  exitOf,
  freePort,
  outputOf,
  startServerProcess,
  waitUntil,
} from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `NODE_ENV=production` is how Hearth is deployed: it must refuse, before serving anything, every setting that is
// only fit for a laptop, and say which variable to fix.

type Outcome = { exited: true; code: number | null; output: string } | { exited: false; http: HttpClient };

// Each test starts a compiled server; on a loaded CI machine loading it alone has taken most of a minute.
jest.setTimeout(150_000);

describe('Starting in production', () => {
  let build: ReturnType<typeof buildServer>;
  let database: TestDatabase;
  const running: { kill(): Promise<void> }[] = [];

  beforeAll(async () => {
    build = buildServer('production-startup');
    database = await createTestDatabase();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.kill()));
  });
  afterAll(async () => {
    await database?.drop();
    build?.remove();
  });

  /** A production environment that is complete: each test breaks one thing in it. */
  const completeEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ...productionEnv({
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      MIGRATE_ON_START: 'false',
      REDIS_KEY_PREFIX: `hearth_test:production-startup-${process.pid}:`,
      EMBEDDED_DATABASE_DIR: path.join(build.workDir, 'postgres'),
    }),
  });

  /** Starts the compiled server and waits until it either exits or answers /health. */
  async function start(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Outcome> {
    const port = await freePort();
    const child = startServerProcess(
      build.main,
      { ...env, PORT: String(port) },
      { captureOutput: true, nodeArgs },
    );
    const output = outputOf(child);
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exitOf(child);
    };
    running.push({ kill });
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    let exited = false;
    const exit = exitOf(child).then(() => (exited = true));
    const serving = waitUntil(
      async () => exited || (await http.get('/health').catch(() => ({ status: 0 }))).status === 200,
      120_000,
    );
    // An exit ends the wait even if a request in flight never answers; a server that neither exits nor serves
    // fails the test with what it wrote (before the test's own timeout).
    await Promise.race([exit, serving]).catch((error: Error) => {
      throw new Error(`${error.message}; the server wrote: ${output()}`);
    });
    if (!exited) return { exited: false, http };
    return { exited: true, code: child.exitCode, output: output() };
  }

  async function expectRefusal(env: NodeJS.ProcessEnv, variable: string, reason: RegExp): Promise<void> {
    const outcome = await start(env);
    expect(outcome.exited).toBe(true);
    if (!outcome.exited) return;
    expect(outcome.code).toBe(1);
    const line = outcome.output.split('\n').find((text) => text.includes(`${variable}:`));
    expect(line).toMatch(reason);
  }

  it('refuses to start without DATABASE_URL (no embedded database in production)', async () => {
    const env = completeEnv();
    delete env.DATABASE_URL;
    await expectRefusal(env, 'DATABASE_URL', /required in production/);
  });

  it('refuses to seed demo data (SEED_DEMO_DATA=true)', async () => {
    await expectRefusal({ ...completeEnv(), SEED_DEMO_DATA: 'true' }, 'SEED_DEMO_DATA', /must not be true/);
  });

  it('refuses to start without STRIPE_SECRET_KEY (no test gateway that marks orders paid)', async () => {
    const env = completeEnv();
    delete env.STRIPE_SECRET_KEY;
    await expectRefusal(env, 'STRIPE_SECRET_KEY', /required in production/);
  });

  it.each([
    ['32 × "a"', 'a'.repeat(32)],
    ['a sequence', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a word repeated', 'hearth-secret-'.repeat(3)],
  ])('refuses a low-entropy JWT_SECRET (%s), however long', async (_case, secret) => {
    await expectRefusal({ ...completeEnv(), JWT_SECRET: secret }, 'JWT_SECRET', /too predictable/);
  });

  it('refuses a low-entropy COOKIE_SECRET', async () => {
    const env = { ...completeEnv(), COOKIE_SECRET: 'cookie'.repeat(8) };
    await expectRefusal(env, 'COOKIE_SECRET', /too predictable/);
  });

  it('refuses before loading the application, so a refusal does not wait for Nest, Prisma and every feature', async () => {
    const withoutApplication = ['--import', path.resolve('test/support/application-unloadable.mjs')];
    const env = completeEnv();
    delete env.DATABASE_URL;
    const refusal = await start(env, withoutApplication);
    expect(refusal).toMatchObject({ exited: true, code: 1 });
    expect(refusal.exited && refusal.output).toMatch(/DATABASE_URL: required in production/);
    // The same preload does keep a valid configuration from starting: the application is really unloadable.
    const valid = await start(completeEnv(), withoutApplication);
    expect(valid).toMatchObject({ exited: true, code: 1 });
    expect(valid.exited && valid.output).toMatch(/the application was loaded \(@nestjs\//);
  });

  it('starts with a complete environment, sends HSTS, and serves no Swagger UI or OpenAPI document', async () => {
    const outcome = await start(completeEnv());
    expect(outcome.exited).toBe(false);
    if (outcome.exited) return;
    const ready = await outcome.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers['strict-transport-security']).toMatch(/^max-age=[1-9]\d*; includeSubDomains/);
    expect((await outcome.http.get('/api/v1/posts')).headers['strict-transport-security']).toBeDefined();
    expect((await outcome.http.get('/api/docs')).status).toBe(404);
    expect((await outcome.http.get('/api/docs-json')).status).toBe(404);
  });

  it('serves the API docs in production when API_DOCS_ENABLED=true', async () => {
    const outcome = await start({ ...completeEnv(), API_DOCS_ENABLED: 'true' });
    expect(outcome.exited).toBe(false);
    if (outcome.exited) return;
    expect((await outcome.http.get('/api/docs')).status).toBe(200);
    const document = await outcome.http.get('/api/docs-json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
  });
});
