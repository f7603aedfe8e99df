import { adminQuery, uniqueDatabaseName, withDatabase } from './test-postgres.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of the test file's own, cloned from the migrated template; `drop` leaves nothing behind. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.HEARTH_TEST_ADMIN_URL;
  const template = process.env.HEARTH_TEST_TEMPLATE_DB;
  if (!adminUrl || !template) throw new Error('test/support/global-setup.ts did not run');
  const name = uniqueDatabaseName('hearth_test');
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** An empty database (no migrations applied), for migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.HEARTH_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('test/support/global-setup.ts did not run');
  const name = uniqueDatabaseName('hearth_test_empty');
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
