import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';
import type { DatabaseStats } from '../metrics/metrics.js';
import { countQueryErrors, type QueryErrorCounts } from './query-error-counting.js';

/** The application's one database client (a pg pool behind Prisma's driver adapter). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly queryErrors: QueryErrorCounts;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { url, poolSize, statementTimeoutMs, connectTimeoutMs } = config.database;
    if (!url) throw new Error('PrismaService needs a resolved database URL (see prepareDatabase).');
    const queryErrors: QueryErrorCounts = new Map();
    // Our own pool (the adapter ends it with the client), so that its state can be read for metrics.
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      statement_timeout: statementTimeoutMs,
      idleTimeoutMillis: 30_000,
    });
    if (config.metrics.enabled) countQueryErrors(pool, queryErrors);
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
    this.queryErrors = queryErrors;
  }

  /** The pool right now, read when metrics are scraped (query errors are counted only with metrics on). */
  stats(): DatabaseStats {
    const { totalCount, idleCount, waitingCount, options } = this.pool;
    return {
      max: options.max ?? 10,
      total: totalCount,
      idle: idleCount,
      waiting: waitingCount,
      queryErrors: this.queryErrors,
    };
  }

  // After the HTTP server has drained (Nest runs shutdown hooks last), so in-flight requests keep their database.
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
