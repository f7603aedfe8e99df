import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { RedisStats } from '../metrics/metrics.js';

// Hearth reads replies in ioredis's default (legacy) shape.
type LegacyReplyOptions = Omit<RedisOptions, 'replyMapping'>;

/**
 * Two fixes so that a Redis outage, or shutting down during one, neither hangs nor crashes the process:
 * - ioredis never finishes a disconnect() made while it waits to reconnect (redis/ioredis#1247): it cancels the
 *   reconnect timer and waits for the old socket's 'close', which already happened, so the connection never emits
 *   'end'. BullMQ's Worker.close() waits for that 'end' and hung forever. Reconnecting first gives the disconnect
 *   an attempt to cancel, and the connection ends as usual (queued commands fail with "Connection is closed").
 *   `duplicate` keeps the fix on the connections BullMQ derives from ours.
 * - While Redis is away, ioredis fails every queued command (MaxRetriesPerRequestError, or "Connection is closed"
 *   once closing). Some are sent without anyone handling the failure: socket.io's Redis adapter publishes each
 *   room broadcast and unsubscribes on close, and ioredis re-subscribes after a reconnection (which can drop
 *   again before Redis answers). Node ends the process on such an unhandled rejection, so every command's
 *   failure is observed here, and counted with metrics on (not while shutting down). A caller that awaits a
 *   command still sees its error.
 */
class HearthRedis extends Redis {
  shuttingDown = false;
  /** Set with metrics on: called with each failed command. */
  onCommandError?: (error: unknown) => void;

  override disconnect(reconnect = false): void {
    if (!reconnect && this.status === 'reconnecting') this.connect().catch(() => undefined);
    super.disconnect(reconnect);
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const copy = new HearthRedis({ ...this.options, ...override } as LegacyReplyOptions);
    copy.onCommandError = this.onCommandError;
    return copy;
  }

  override sendCommand(...[command, stream]: Parameters<Redis['sendCommand']>): unknown {
    const reply = super.sendCommand(command, stream);
    command.promise.catch((error: unknown) => this.commandFailed(command.name, error));
    return reply;
  }

  private commandFailed(name: string, error: unknown): void {
    // CLIENT is ioredis's own connection set-up (SETINFO is refused by Redis before 7.2, and ioredis ignores that).
    if (this.shuttingDown || name === 'client') return;
    this.onCommandError?.(error);
  }
}

/**
 * Redis connections for everything shared between instances. `enabled` is false without REDIS_URL, and each
 * feature then uses its in-process adapter. Every key and channel a feature writes starts with `keyPrefix`
 * (REDIS_KEY_PREFIX), so several deployments or test files can share one Redis.
 */
@Injectable()
export class RedisConnections implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly opened: HearthRedis[] = [];
  private commandClient?: Redis;
  private readonly commandErrors = new Map<string, number>();

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
  open(name: string, overrides: LegacyReplyOptions = {}): Redis {
    if (!this.config.redis.url) throw new Error('Redis is not configured (REDIS_URL is unset)');
    const connection = new HearthRedis(this.config.redis.url, {
      connectionName: `hearth:${name}`,
      // Commands fail fast while Redis is away instead of queueing forever; features decide how to degrade.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      ...overrides,
    });
    connection.on('error', (error) => this.logger.warn(`${name}: ${error.message}`));
    if (this.config.metrics.enabled) {
      this.commandErrors.set(name, this.commandErrors.get(name) ?? 0);
      connection.onCommandError = () => this.commandErrors.set(name, (this.commandErrors.get(name) ?? 0) + 1);
    }
    this.opened.push(connection);
    return connection;
  }

  /** Read when metrics are scraped: whether every connection is ready, and failed commands (counted only with
   * metrics on) by connection name. */
  stats(): RedisStats {
    return {
      up: this.opened.length > 0 && this.opened.every((connection) => connection.status === 'ready'),
      commandErrors: this.commandErrors,
    };
  }

  // Before the HTTP and socket.io servers close (socket.io's Redis adapter unsubscribes then).
  beforeApplicationShutdown(): void {
    for (const connection of this.opened) connection.shuttingDown = true;
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
