import { type INestApplicationContext, Logger, type WsMessageHandler } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { isObservable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';

/** A handler's reply: `{event, data}` is emitted to the client, anything else answers its acknowledgement. */
type HandlerReply = { event?: string; data?: unknown } | null | undefined;

/**
 * socket.io on the API's own HTTP server (path /socket.io). With Redis, the Redis adapter carries every room
 * broadcast to the other instances; without it, the default in-memory adapter serves one instance.
 */
export class HearthIoAdapter extends IoAdapter {
  private readonly messageLogger = new Logger('Realtime');

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

  /**
   * One plain listener per message, and no RxJS on a message's way: IoAdapter's pipeline per message and socket
   * (fromEvent, mergeMap, takeUntil on a shared disconnect stream) held about 100 closures and 16 subscribers per
   * connection, and Nest's `transform` wraps every handler's promise in observables. The contract is the same:
   * each message runs its handler (guards, pipes, filters) concurrently with the others, a reply (or each value of
   * an observable reply) is emitted or acknowledged, nothing is sent once the socket has disconnected, and a handler
   * that fails past its filters is logged. (Hearth's own gateway runs its messages itself, through
   * SocketMessageDispatcher; this serves any `@SubscribeMessage` handler.)
   */
  override bindMessageHandlers(socket: Socket, handlers: WsMessageHandler[]): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        // As RxJS's fromEvent passes them on: one argument as itself, several as an array.
        const payload = args.length > 1 ? args : args[0];
        const { data, ack } = this.mapPayload(payload) as { data: unknown; ack?: (reply: unknown) => void };
        this.reply(socket, () => callback(data, ack), isAckHandledManually ? undefined : ack);
      });
    }
  }

  private reply(socket: Socket, run: () => unknown, ack: ((reply: unknown) => void) | undefined): void {
    const logError = (error: unknown) => this.messageLogger.error(error);
    const send = (value: unknown) => {
      const reply = value as HandlerReply;
      if (reply === null || reply === undefined || socket.disconnected) return;
      if (reply.event) socket.emit(reply.event, reply.data);
      else ack?.(reply);
    };
    let result: unknown;
    try {
      result = run();
    } catch (error) {
      logError(error);
      return;
    }
    Promise.resolve(result).then((reply) => {
      if (isObservable(reply)) reply.subscribe({ next: send, error: logError });
      else send(reply);
    }, logError);
  }
}
