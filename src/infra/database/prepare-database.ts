import { Logger } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';
import { startEmbeddedPostgres, stopOrphanedServer } from './embedded-postgres.js';
import { deployMigrations } from './migrations/migrator.js';

/** Fills a fresh database with demo data (idempotent); features provide it, infra only calls it. */
export type DatabaseSeed = (prisma: PrismaClient) => Promise<{ created: boolean }>;

export interface PreparedDatabase {
  url: string;
  /** Stops the embedded server when one was started; a no-op for an external database. */
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE_NAME = 'hearth';

/**
 * Everything that has to be true of the database before the app serves: it exists (starting the embedded server
 * when no DATABASE_URL is set), its migrations are applied, and `seed` has run where configured.
 */
export async function prepareDatabase(
  config: AppConfig,
  seed: DatabaseSeed,
  logger = new Logger('Database'),
): Promise<PreparedDatabase> {
  const { url, stop } = config.database.url
    ? { url: config.database.url, stop: async () => undefined }
    : await startEmbedded(config, logger);
  try {
    if (config.database.migrateOnStart) {
      const applied = await deployMigrations(url);
      logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations up to date');
    }
    if (config.database.seedDemoData) await runSeed(url, seed, logger);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function startEmbedded(config: AppConfig, logger: Logger): Promise<PreparedDatabase> {
  const started = Date.now();
  const orphan = await stopOrphanedServer(config.database.embeddedDir);
  if (orphan)
    logger.warn(`stopped the embedded PostgreSQL (pid ${orphan}) that an earlier Hearth left running`);
  const server = await startEmbeddedPostgres({
    dataDir: config.database.embeddedDir,
    port: config.database.embeddedPort,
    onLog: (message) => logger.debug(message.trim()),
  });
  await server.ensureDatabase(EMBEDDED_DATABASE_NAME);
  logger.log(
    `embedded PostgreSQL on 127.0.0.1:${config.database.embeddedPort} (data in ${config.database.embeddedDir}) ready in ${Date.now() - started} ms`,
  );
  return {
    url: server.urlFor(EMBEDDED_DATABASE_NAME),
    stop: async () => {
      await server.stop();
      logger.log('embedded PostgreSQL stopped');
    },
  };
}

async function runSeed(url: string, seed: DatabaseSeed, logger: Logger): Promise<void> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  try {
    const { created } = await seed(prisma);
    logger.log(created ? 'demo data seeded' : 'demo data already present');
  } finally {
    await prisma.$disconnect();
  }
}
