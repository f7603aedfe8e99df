import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';

/**
 * socket.io on the API's own HTTP server (path /socket.io). With Redis, the Redis adapter carries every room
 * broadcast to the other instances; without it, the default in-memory adapter serves one instance. Messages are
 * not bound here: the gateway has no `@SubscribeMessage` handler, SocketMessageDispatcher listens to them.
 */
export class HearthIoAdapter extends IoAdapter {
  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const { realtime, auth } = this.config;
    const server: Server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      // Dead clients: a ping every pingInterval, dropped when no pong comes back within pingTimeout.
      pingInterval: realtime.pingIntervalMs,
      pingTimeout: realtime.pingTimeoutMs,
      maxHttpBufferSize: realtime.maxPayloadBytes,
      // Stated, not left to the default: per-message deflate keeps a zlib context per connection (tens of KiB
      // each), a poor trade for events of a few hundred bytes of JSON.
      perMessageDeflate: false,
      // Sockets authenticate with a token, never a cookie, so cross-site pages cannot ride a user's session;
      // CORS only decides which browser origins may use the long-polling transport.
      cors: { origin: [...auth.allowedOrigins], credentials: false },
      serveClient: false,
    } as ServerOptions);
    skipMiddlewaresOnUpgrades(server);
    const redis = this.app.get(RedisConnections);
    if (redis.enabled) {
      server.adapter(
        createAdapter(redis.open('socket.io-pub'), redis.open('socket.io-sub'), {
          key: `${redis.keyPrefix}socket.io`,
        }),
      );
    }
    return server;
  }

  /** Nest binds `@SubscribeMessage` handlers here; this gateway has none, so nothing is set up per connection. */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }
}

type ApplyMiddlewares = (
  req: IncomingMessage,
  res: ServerResponse,
  callback: (error?: unknown) => void,
) => void;

/**
 * engine.io runs its middlewares (here only CORS) on WebSocket upgrades too, chaining a promise per middleware for
 * every handshake. CORS has no say over a WebSocket (a browser reads no CORS headers on a 101), so upgrades, whose
 * response is engine.io's stand-in rather than an HTTP response, skip them; long-polling requests keep them.
 */
function skipMiddlewaresOnUpgrades(server: Server): void {
  const engine = server.engine as unknown as { _applyMiddlewares: ApplyMiddlewares };
  const applyMiddlewares = engine._applyMiddlewares.bind(engine);
  engine._applyMiddlewares = (req, res, callback) =>
    res instanceof ServerResponse ? applyMiddlewares(req, res, callback) : callback();
}
