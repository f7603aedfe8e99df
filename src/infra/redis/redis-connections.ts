import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * Redis connections for everything shared between instances. `enabled` is false without REDIS_URL, and each
 * feature then uses its in-process adapter. Every key and channel a feature writes starts with `keyPrefix`
 * (REDIS_KEY_PREFIX), so several deployments or test files can share one Redis.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly opened: Redis[] = [];
  private commandClient?: Redis;

  readonly enabled: boolean;
  readonly keyPrefix: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.enabled = Boolean(config.redis.url);
    this.keyPrefix = config.redis.keyPrefix;
  }

  /** The shared connection for commands (not for SUBSCRIBE or blocking calls). */
  get client(): Redis {
    this.commandClient ??= this.open('commands');
    return this.commandClient;
  }

  /** A dedicated connection (pub/sub subscribers, blocking commands, libraries that want their own). */
  open(name: string, overrides: RedisOptions = {}): Redis {
    if (!this.config.redis.url) throw new Error('Redis is not configured (REDIS_URL is unset)');
    const connection = new Redis(this.config.redis.url, {
      connectionName: `hearth:${name}`,
      // Commands fail fast while Redis is away instead of queueing forever; features decide how to degrade.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      ...overrides,
    });
    connection.on('error', (error) => this.logger.warn(`${name}: ${error.message}`));
    this.opened.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for a reply, which never comes from a Redis that is away: then just drop the connection.
    const closing = this.opened.splice(0).map(async (connection) => {
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    });
    await Promise.allSettled(closing);
  }
}
