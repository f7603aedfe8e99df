import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
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
}
