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
  await state.server.stop();
}
