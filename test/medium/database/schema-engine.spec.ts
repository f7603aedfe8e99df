import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { createEmptyDatabase, type TestDatabase } from '../../support/test-database.js';
import {
  CHAR_OID,
  migrationAdapterFactory,
  patchQueryable,
} from '../../../src/infra/database/migrations/schema-engine.js';

// Regression tests for the three @prisma/adapter-pg 7.10.1 bugs the offline schema engine works around.
// Each "upstream still has the bug" case fails when a version bump changes the adapter: then re-check whether the
// workaround is still needed and still hooks into the right internals.

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const rawQuery = (sql: string) => ({ sql, args: [], argTypes: [] });

describe('offline schema engine adapter workarounds', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db.drop());

  describe('bug 1: "char" (OID 18) columns', () => {
    const sql = `SELECT 'p'::"char" AS contype`;

    it('upstream adapter still cannot deserialise them', async () => {
      const adapter = await new PrismaPg({ connectionString: db.url }).connect();
      try {
        await expect(adapter.queryRaw(rawQuery(sql))).rejects.toThrow();
      } finally {
        await adapter.dispose();
      }
    });

    it('the patched adapter reads them as text', async () => {
      const adapter = patchQueryable(await new PrismaPg({ connectionString: db.url }).connect());
      try {
        const result = await adapter.queryRaw(rawQuery(sql));
        expect(result.rows).toEqual([['p']]);
        expect(CHAR_OID).toBe(18);
      } finally {
        await adapter.dispose();
      }
    });
  });

  describe('bug 2: shadow database', () => {
    it('upstream connectToShadowDb() with a connection string connects to the main database', async () => {
      const scripts: string[] = [];
      class RecordingPrismaPg extends PrismaPg {
        override async connect() {
          const adapter = await super.connect();
          const executeScript = adapter.executeScript.bind(adapter);
          adapter.executeScript = async (script: string) => {
            scripts.push(script);
            return executeScript(script);
          };
          return adapter;
        }
      }
      const shadow = await new RecordingPrismaPg({ connectionString: db.url }).connectToShadowDb();
      try {
        const result = await shadow.queryRaw(rawQuery('SELECT current_database()::text AS name'));
        expect(result.rows[0][0]).toBe(new URL(db.url).pathname.slice(1));
      } finally {
        await shadow.dispose().catch(() => undefined);
        // Whatever upstream left behind, remove exactly the database it created.
        const created = /CREATE DATABASE "([^"]+)"/.exec(scripts.join('\n'))?.[1];
        if (created) await dropDatabase(db.url, created);
      }
    });

    it('our factory connects to a fresh temporary database and drops it after closing', async () => {
      const shadow = await migrationAdapterFactory(db.url).connectToShadowDb();
      const result = await shadow.queryRaw(rawQuery('SELECT current_database()::text AS name'));
      const name = result.rows[0][0] as string;
      expect(name).toMatch(/^prisma_migrate_shadow_db_/);
      expect(name).not.toBe(new URL(db.url).pathname.slice(1));
      await shadow.dispose();
      expect(await databaseExists(db.url, name)).toBe(false);
    });
  });

  describe('bug 3: executeScript', () => {
    const script = `
      CREATE TABLE notes (id int PRIMARY KEY, body text);
      CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper(t) || '!'; END; $$;
      INSERT INTO notes VALUES (1, shout('a; b'));`;

    afterEach(async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query('DROP TABLE IF EXISTS notes; DROP FUNCTION IF EXISTS shout(text);');
      await client.end();
    });

    it('upstream splits on ";" and breaks $$ bodies', async () => {
      const adapter = await new PrismaPg({ connectionString: db.url }).connect();
      try {
        await expect(adapter.executeScript(script)).rejects.toThrow();
      } finally {
        await adapter.dispose();
      }
    });

    it('the patched adapter runs the script as one statement batch', async () => {
      const adapter = patchQueryable(await new PrismaPg({ connectionString: db.url }).connect());
      try {
        await adapter.executeScript(script);
        const result = await adapter.queryRaw(rawQuery('SELECT body FROM notes'));
        expect(result.rows).toEqual([['A; B!']]);
      } finally {
        await adapter.dispose();
      }
    });

    it('a failing script leaves nothing applied', async () => {
      const adapter = patchQueryable(await new PrismaPg({ connectionString: db.url }).connect());
      try {
        await expect(adapter.executeScript(`${script}\nSELECT 1/0;`)).rejects.toThrow();
        const result = await adapter.queryRaw(rawQuery(`SELECT to_regclass('notes')::text AS t`));
        expect(result.rows).toEqual([[null]]);
      } finally {
        await adapter.dispose();
      }
    });
  });
});

async function dropDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
