import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { seedDemoData } from '../../src/demo/demo-seed.js';
import { startEmbeddedPostgres } from '../../src/infra/database/embedded-postgres.js';
import { deployMigrations } from '../../src/infra/database/migrations/migrator.js';
import { freePort } from './processes.js';

// The benchmark's databases, prepared the way an operator prepares a production one: migrated and seeded by a
// separate step (production Hearth refuses SEED_DEMO_DATA and has no embedded database), then handed to every
// server by URL.

// Another name (BENCH_DATABASE) lets runs share one PostgreSQL server without dropping each other's database.
const BENCH_DATABASE = process.env.BENCH_DATABASE?.trim() || 'hearth_bench';
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DATABASE)) {
  throw new Error(`BENCH_DATABASE must be a plain lowercase identifier (got "${BENCH_DATABASE}")`);
}
const EMBEDDED_DIR = path.join('.data', 'bench', 'postgres');

export interface BenchDatabase {
  /** Where the data lives, for the report. */
  readonly description: string;
  /** Environment that points Hearth at it. */
  readonly hearthEnv: NodeJS.ProcessEnv;
  /** Connection URL of the main bench database (migrated, demo users, products and posts). */
  readonly url: string;
  /**
   * Another fresh database on the same server (`<bench database>_<suffix>`), migrated and seeded like the main
   * one, for a scenario that reshapes its data (the scale scenario loads a million posts). Dropped by dispose.
   */
  createDatabase(suffix: string): Promise<string>;
  /** Drops every database created for the run and stops the embedded server when one was started. */
  dispose(): Promise<void>;
}

export async function adminQuery(url: string, sql: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Migrations and the demo seed (users with the shared demo password, posts, products), as `npm run db:seed`. */
async function migrateAndSeed(url: string): Promise<void> {
  await deployMigrations(url);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  try {
    await seedDemoData(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

async function serverUrl(): Promise<{ adminUrl: string; description: string; stop(): Promise<void> }> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const server = new URL(external);
    return {
      adminUrl: withDatabase(external, 'postgres'),
      description: `PostgreSQL at ${server.hostname}:${server.port || 5432}`,
      stop: async () => undefined,
    };
  }
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dataDir: EMBEDDED_DIR, port });
  return {
    adminUrl: embedded.adminUrl,
    description: `embedded PostgreSQL started by the bench (data in ${EMBEDDED_DIR})`,
    stop: () => embedded.stop(),
  };
}

/**
 * With DATABASE_URL: databases on that server. Without: Hearth's embedded PostgreSQL, started here in its own
 * data directory (.data/bench) on a free port, so it never touches .data/postgres. Either way `hearth_bench` (or
 * BENCH_DATABASE) is recreated for the run, migrated and seeded, and dropped afterwards.
 */
export async function prepareBenchDatabase(): Promise<BenchDatabase> {
  const server = await serverUrl();
  const created: string[] = [];
  const create = async (name: string) => {
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(server.adminUrl, `CREATE DATABASE "${name}"`);
    created.push(name);
    const url = withDatabase(server.adminUrl, name);
    await migrateAndSeed(url);
    return url;
  };
  try {
    const url = await create(BENCH_DATABASE);
    return {
      description: `${server.description} (database ${BENCH_DATABASE}, recreated, migrated and seeded for the run)`,
      hearthEnv: { DATABASE_URL: url },
      url,
      createDatabase: (suffix) => create(`${BENCH_DATABASE}_${suffix}`),
      dispose: async () => {
        for (const name of created.splice(0)) {
          await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        }
        await server.stop();
      },
    };
  } catch (error) {
    for (const name of created) {
      await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(
        () => undefined,
      );
    }
    await server.stop();
    throw error;
  }
}
