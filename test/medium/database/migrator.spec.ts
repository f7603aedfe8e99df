import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createEmptyDatabase, type TestDatabase } from '../../support/test-database.js';
import {
  createMigration,
  defaultMigratorPaths,
  deployMigrations,
  diffMigrationsToSchema,
  type MigratorPaths,
} from '../../../src/infra/database/migrations/migrator.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of prisma/ in a temp dir, so tests can add migrations or schema changes without touching the repo. */
function copyOfPrismaDir(): MigratorPaths & { root: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hearth-migrations-'));
  cpSync(path.join(process.cwd(), 'prisma'), path.join(root, 'prisma'), { recursive: true });
  return { root, ...defaultMigratorPaths(root) };
}

describe('migrations without the native engine', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(() => db.drop());

  it('schema.prisma and prisma/migrations agree (a schema change needs a migration)', async () => {
    expect(await diffMigrationsToSchema(db.url)).toBe('');
  });

  it('deploy applies every migration once and records it like Prisma does; a second deploy is a no-op', async () => {
    const expected = readdirSync(defaultMigratorPaths().migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(await deployMigrations(db.url)).toEqual(expected);
    expect(await deployMigrations(db.url)).toEqual([]);
    const rows = await query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
      db.url,
      'SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
    expect(rows.every((row) => row.finished_at !== null && /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['users', 'posts', 'post_likes']),
    );
  });

  it('two instances deploying at once apply each migration exactly once', async () => {
    const [first, second] = await Promise.all([deployMigrations(db.url), deployMigrations(db.url)]);
    expect([...first, ...second]).toHaveLength(readdirSync(defaultMigratorPaths().migrationsDir).length - 1);
    const rows = await query<{ n: string }>(db.url, 'SELECT count(*)::text AS n FROM _prisma_migrations');
    expect(Number(rows[0].n)).toBe(first.length + second.length);
  });

  it('a failing migration is rolled back whole and blocks later deploys until resolved (P3009)', async () => {
    const copy = copyOfPrismaDir();
    try {
      const broken = path.join(copy.migrationsDir, '29990101000000_broken');
      mkdirSync(broken);
      writeFileSync(
        path.join(broken, 'migration.sql'),
        'CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1);\nSELECT 1 / 0;\n',
      );
      await expect(deployMigrations(db.url, copy)).rejects.toThrow(/division by zero/);
      const leftovers = await query<{ t: string | null }>(
        db.url,
        `SELECT to_regclass('half_done')::text AS t`,
      );
      expect(leftovers[0].t).toBeNull();
      await expect(deployMigrations(db.url, copy)).rejects.toThrow(/P3009/);
    } finally {
      rmSync(copy.root, { recursive: true, force: true });
    }
  });

  it('create writes a standard migration folder for a schema change, and then diff is empty again', async () => {
    const copy = copyOfPrismaDir();
    try {
      writeFileSync(
        copy.schemaPath,
        `${readFileSync(copy.schemaPath, 'utf8')}\nmodel Bookmark {\n  id Int @id @default(autoincrement())\n  url String\n  @@map("bookmarks")\n}\n`,
      );
      expect(await diffMigrationsToSchema(db.url, copy)).toContain('CREATE TABLE "bookmarks"');
      const created = await createMigration(db.url, 'add_bookmarks', copy);
      expect(created).toMatch(/\d{14}_add_bookmarks$/);
      expect(readFileSync(path.join(created!, 'migration.sql'), 'utf8')).toContain(
        'CREATE TABLE "bookmarks"',
      );
      expect(await diffMigrationsToSchema(db.url, copy)).toBe('');
      expect(await createMigration(db.url, 'nothing_changed', copy)).toBeUndefined();
    } finally {
      rmSync(copy.root, { recursive: true, force: true });
    }
  });
});

describe('migration one_identity_per_provider', () => {
  const MIGRATION = '20261130124357_one_identity_per_provider';
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(() => db.drop());

  it('keeps the oldest identity of a provider per account, then refuses a second one', async () => {
    const before = copyOfPrismaDir();
    try {
      rmSync(path.join(before.migrationsDir, MIGRATION), { recursive: true });
      await deployMigrations(db.url, before);
    } finally {
      rmSync(before.root, { recursive: true, force: true });
    }
    await query(
      db.url,
      `INSERT INTO users (id, email, updated_at) VALUES (1, 'one@example.test', now()), (2, 'two@example.test', now());
       INSERT INTO oauth_identities (user_id, provider, provider_user_id, created_at) VALUES
         (1, 'github', 'newer', now()), (1, 'github', 'oldest', now() - interval '1 day'),
         (1, 'google', 'g-1', now()), (2, 'github', 'other-person', now())`,
    );

    expect(await deployMigrations(db.url)).toEqual([MIGRATION]);

    const kept = await query<{ user_id: number; provider: string; provider_user_id: string }>(
      db.url,
      'SELECT user_id, provider, provider_user_id FROM oauth_identities ORDER BY user_id, provider',
    );
    expect(kept).toEqual([
      { user_id: 1, provider: 'github', provider_user_id: 'oldest' },
      { user_id: 1, provider: 'google', provider_user_id: 'g-1' },
      { user_id: 2, provider: 'github', provider_user_id: 'other-person' },
    ]);
    await expect(
      query(
        db.url,
        `INSERT INTO oauth_identities (user_id, provider, provider_user_id) VALUES (1, 'github', 'again')`,
      ),
    ).rejects.toThrow(/oauth_identities_user_id_provider_key/);
  });
});
