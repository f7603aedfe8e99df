import { Redis } from 'ioredis';
import pg from 'pg';
import { deployMigrations } from '../../src/infra/database/migrations/migrator.js';
import {
  adminQuery,
  startTestPostgres,
  type TestPostgresServer,
  uniqueDatabaseName,
  withDatabase,
} from './test-postgres.js';

/**
 * Once per `npm test`: a PostgreSQL server and a template database with every migration applied. Each test
 * file then clones the template (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
 */
export async function globalSetup(): Promise<void> {
  const server = await startTestPostgres();
  const template = uniqueDatabaseName('hearth_test_template');
  await adminQuery(server.adminUrl, `CREATE DATABASE "${template}"`);
  await deployMigrations(withDatabase(server.adminUrl, template));
  process.env.HEARTH_TEST_ADMIN_URL = server.adminUrl;
  process.env.HEARTH_TEST_TEMPLATE_DB = template;
  (globalThis as { __hearthTestPostgres?: unknown }).__hearthTestPostgres = { server, template };
}

export async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __hearthTestPostgres?: { server: TestPostgresServer; template: string } })
    .__hearthTestPostgres;
  if (!state) return;
  await adminQuery(state.server.adminUrl, `DROP DATABASE IF EXISTS "${state.template}" WITH (FORCE)`);
  if (process.env.REDIS_URL) await removeKeysOfDroppedDatabases(state.server.adminUrl, process.env.REDIS_URL);
  await state.server.stop();
}

/**
 * Test apps keep their Redis keys under `hearth_test:<database>:` (test/support/test-app.ts). Once a test file has
 * dropped its database those keys belong to nobody; a run sharing the Redis server (another `npm test`) keeps its
 * own, whose databases still exist.
 */
async function removeKeysOfDroppedDatabases(adminUrl: string, redisUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const live = new Set(
    (await client.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map(
      (row) => row.datname,
    ),
  );
  await client.end();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: 'hearth_test:*', count: 1000 }) as AsyncIterable<
      string[]
    >) {
      const orphans = keys.filter((key) => !live.has(key.split(':')[1] ?? ''));
      if (orphans.length > 0) await redis.unlink(...orphans);
    }
  } finally {
    redis.disconnect();
  }
}
