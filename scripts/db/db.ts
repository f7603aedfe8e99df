// npm run db:migrate | db:status | db:diff | db:migration:create -- <name> | db:seed
// The same operations as `prisma migrate deploy|status|diff|dev --create-only`, over the WebAssembly engine.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { loadConfig } from '../../src/config/app-config.js';
import { seedDemoData } from '../../src/infra/database/demo-seed.js';
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
