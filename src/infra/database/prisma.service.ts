import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PrismaClient } from '../../generated/prisma/client.js';
import type { DatabaseStats } from '../metrics/metrics.js';
import { countQueryErrors, type QueryErrorCounts } from './query-error-counting.js';

/** A read statement with a name unique in the application (pg prepares it once per connection under that name). */
export interface PreparedRead {
  name: string;
  text: string;
}

/** The application's one database client (a pg pool behind Prisma's driver adapter). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private static readonly logger = new Logger('Database');
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
    // An idle connection the server ended (a restart, a failover, an administrator) is dropped by the pool; unheard,
    // its 'error' would end the process. Prisma listens only once its engine connects; preparedRows may come first.
    pool.on('error', (error) => PrismaService.logger.warn(`idle database connection lost: ${error.message}`));
    if (config.metrics.enabled) countQueryErrors(pool, queryErrors);
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
    this.queryErrors = queryErrors;
  }

  /**
   * Rows of a read sent straight to the pool as a named statement (parsed and planned once per connection),
   * bypassing Prisma's query engine: for the few hottest reads, where the engine costs more than the query
   * itself. Column aliases give the rows their Prisma field names; values are bound, never interpolated.
   */
  async preparedRows<Row extends object>(statement: PreparedRead, values: unknown[]): Promise<Row[]> {
    const result = await this.pool.query<Row>({ name: statement.name, text: statement.text, values });
    return result.rows;
  }

  /**
   * Loads for a PerTurnBatcher: the rows a named statement returns for an array of keys (its `$1`), each under its
   * key column. A key with no row is simply absent.
   */
  rowsByKey<Row extends object, Key>(
    statement: PreparedRead,
    keyOf: (row: Row) => Key,
  ): (keys: Key[]) => Promise<Map<Key, Row>> {
    return async (keys) => {
      const rows = await this.preparedRows<Row>(statement, [keys]);
      return new Map(rows.map((row) => [keyOf(row), row]));
    };
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
