// npm run db:migrate | db:status | db:diff | db:migration:create -- <name> | db:seed
// The same operations as `prisma migrate deploy|status|diff|dev --create-only`, over the WebAssembly engine.
import { PrismaPg } from '@prisma/adapter-pg';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { loadConfig } from '../../src/config/app-config.js';
import { seedDemoData } from '../../src/demo/demo-seed.js';
import { startEmbeddedPostgres } from '../../src/infra/database/embedded-postgres.js';
import {
  createMigration,
  deployMigrations,
  diffMigrationsToSchema,
  migrationStatus,
} from '../../src/infra/database/migrations/migrator.js';

async function resolveUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const config = loadConfig();
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: config.database.embeddedDir,
    port: config.database.embeddedPort,
  });
  await server.ensureDatabase('hearth');
  return { url: server.urlFor('hearth'), stop: () => server.stop() };
}

const [command, name] = process.argv.slice(2);
const { url, stop } = await resolveUrl();
try {
  switch (command) {
    case 'deploy': {
      const applied = await deployMigrations(url);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      break;
    }
    case 'status':
      console.log(JSON.stringify(await migrationStatus(url), null, 2));
      break;
    case 'diff':
      process.stdout.write(
        (await diffMigrationsToSchema(url)) || '-- schema.prisma and prisma/migrations agree\n',
      );
      break;
    case 'create': {
      if (!name) throw new Error('usage: npm run db:migration:create -- <name>');
      const created = await createMigration(url, name);
      console.log(created ? `Created ${created}` : 'No schema changes, no migration created.');
      break;
    }
    case 'squash': {
      // Before the first release only: rewrite all migrations as one init migration from schema.prisma.
      const dir = path.join(process.cwd(), 'prisma', 'migrations');
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) rmSync(path.join(dir, entry.name), { recursive: true, force: true });
      }
      // Against a scratch database: the configured one already has the old history applied.
      const scratchName = `hearth_squash_${process.pid}`;
      const scratchUrl = new URL(url);
      scratchUrl.pathname = `/${scratchName}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${scratchName}"`);
      await admin.query(`CREATE DATABASE "${scratchName}"`);
      try {
        const created = await createMigration(scratchUrl.toString(), 'init');
        if (created) renameSync(created, path.join(dir, '20261124000000_init'));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
        await admin.end();
      }
      console.log('Migrations squashed into 20261124000000_init.');
      break;
    }
    case 'seed': {
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
      const { created } = await seedDemoData(prisma);
      await prisma.$disconnect();
      console.log(created ? 'Demo data seeded.' : 'Demo data already present.');
      break;
    }
    default:
      throw new Error('usage: db.ts deploy|status|diff|create <name>|seed');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await stop();
}
process.exit(process.exitCode ?? 0); // the wasm engine's timers would keep the process alive
