import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';

/** The application's one database client (a pg pool behind Prisma's driver adapter). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { url, poolSize, statementTimeoutMs, connectTimeoutMs } = config.database;
    if (!url) throw new Error('PrismaService needs a resolved database URL (see prepareDatabase).');
    super({
      adapter: new PrismaPg({
        connectionString: url,
        max: poolSize,
        connectionTimeoutMillis: connectTimeoutMs,
        statement_timeout: statementTimeoutMs,
        idleTimeoutMillis: 30_000,
      }),
    });
  }

  // After the HTTP server has drained (Nest runs shutdown hooks last), so in-flight requests keep their database.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
