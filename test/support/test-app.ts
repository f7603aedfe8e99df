import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import { configureApp, createHttpAdapter } from '../../src/app.factory.js';
import { AppModule } from '../../src/app.module.js';
import { createRootLogger, NestPinoLogger } from '../../src/common/logging/logger.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { HttpClient } from './http.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  http: HttpClient;
  prisma: PrismaService;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables for this app's config. */
  env?: Record<string, string | undefined>;
  /** Share a database between instances (multi-instance tests); otherwise the app gets its own. */
  database?: TestDatabase;
  /** Where the app's JSON log lines go (with LOG_LEVEL in `env`); default: stdout. */
  logDestination?: DestinationStream;
  /** Provider overrides, for the few tests that replace something at the edge of the world. */
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** A real Hearth listening on a random loopback port, over its own PostgreSQL database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase());
  try {
    return await startAppOn(database, ownsDatabase, options);
  } catch (error) {
    // An app that fails to start (a wiring error, a bad setting) leaves no database behind either.
    if (ownsDatabase) await database.drop().catch(() => undefined);
    throw error;
  }
}

async function startAppOn(
  database: TestDatabase,
  ownsDatabase: boolean,
  options: TestAppOptions,
): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    MIGRATE_ON_START: 'false',
    SEED_DEMO_DATA: 'false',
    // Redis (when REDIS_URL is set) is shared by all test files: each app gets its own key space.
    REDIS_KEY_PREFIX: `hearth_test:${database.url.split('/').pop()}:`,
    ...options.env,
    DATABASE_URL: database.url,
  });
  const logger = createRootLogger(config.logLevel, options.logDestination);
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (options.configure) builder = options.configure(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config, logger), {
    logger: new NestPinoLogger(logger),
  });
  await configureApp(app, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    http: new HttpClient(baseUrl),
    prisma: app.get(PrismaService),
    database,
    close: async () => {
      await app.close();
      if (ownsDatabase) await database.drop();
    },
  };
}
