import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import type { ExtendedError, Server } from 'socket.io';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { toErrorResponse } from '../common/errors/error-response.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { isCommentEvent, PostEventsBus } from '../posts/post-events-bus.js';
import { BatchedUserReads } from '../users/batched-user-reads.js';
import { RealtimeError } from './realtime.errors.js';
import { ConnectionQuota } from './limits/connection-quota.js';
import { fullBucket } from './limits/token-bucket.js';
import { PresenceService } from './presence/presence.service.js';
import { RealtimeServer } from './realtime-server.js';
import { parseChatMessage, parseTopicMessage } from './messages.js';
import { countRealtime } from './realtime.metrics.js';
import { SocketMessageDispatcher, type SocketMessageHandler } from './socket-message-dispatcher.js';
import type { HearthSocket } from './socket-user.guard.js';
import { TopicAccessPolicy } from './topic-access.policy.js';
import {
  isTopicRoom,
  parseTopic,
  POSTS_TOPIC,
  postTopic,
  sessionRoom,
  type Topic,
  userRoom,
} from './topics.js';

const OK = { ok: true } as const;
const QUOTA_WARNING_INTERVAL_MS = 10_000;

/**
 * The socket.io contract of API.md: token handshake, topics, messages, typing and presence, within the per-client
 * limits (connections per user, topics per connection, message rate). Broadcasts go through the server's adapter,
 * so with Redis they reach members connected to any instance.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private stopPostEvents?: () => void;
  private readonly logger = new Logger('Realtime');
  private quotaWarnedAt = 0;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly users: BatchedUserReads,
    private readonly access: TopicAccessPolicy,
    private readonly presence: PresenceService,
    private readonly postEvents: PostEventsBus,
    private readonly realtime: RealtimeServer,
    private readonly quota: ConnectionQuota,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly messages: SocketMessageDispatcher,
  ) {}

  /** The messages of the contract, each run by the dispatcher (account check, rate limit, refusals). */
  private readonly messageHandlers: Readonly<Record<string, SocketMessageHandler>> = {
    join: (socket, payload) => this.join(socket, payload),
    leave: (socket, payload) => this.leave(socket, payload),
    new_message: (socket, payload) => this.newMessage(socket, payload),
    typing: (socket, payload) => this.typing(socket, payload),
  };

  afterInit(server: Server): void {
    this.realtime.server = server;
    server.use((socket, next) => {
      this.authenticate(socket as HearthSocket).then(
        () => next(),
        (error: unknown) => next(toConnectError(error)),
      );
    });
    // socket.io's own event rather than Nest's OnGatewayConnection, which passes every connection through an RxJS
    // subject: the handshake path is what a reconnect storm pays for, thousands of times at once.
    server.on('connection', (socket: HearthSocket) => void this.whenConnected(socket));
    this.presence.attach(server);
    this.metrics.observeRealtime(() => countRealtime(server));
    // Every instance receives each post event once from the bus and hands it to its own sockets only; a socket in
    // both `posts` and the comment's `post:<id>` receives it once.
    this.stopPostEvents = this.postEvents.subscribe((event) => {
      const rooms = isCommentEvent(event)
        ? [POSTS_TOPIC, postTopic((event.payload as { post_id: number }).post_id)]
        : POSTS_TOPIC;
      server.local.to(rooms).emit(event.type, event.payload);
    });
  }

  onModuleDestroy(): void {
    this.stopPostEvents?.();
  }

  /**
   * Disconnects reach only connected sockets: one whose credentials were revoked while its handshake was under
   * way missed them. Checking again now that it is connected (and in its rooms) closes that gap. The token's
   * signature and claims were verified at the handshake; what can have changed since is in the database, read
   * for a whole burst of handshakes at once. A failed read leaves the socket connected, as a failed verification
   * other than an invalid token did.
   */
  private async whenConnected(socket: HearthSocket): Promise<void> {
    this.messages.listen(socket, this.messageHandlers);
    const { user } = socket.data;
    const revoked = await this.users
      .find(user.id)
      .then(async (current) => !(await this.tokens.isStillValid(user, current?.credentialsChangedAt)))
      .catch(() => false);
    if (revoked) socket.disconnect(true);
  }

  async handleDisconnect(socket: HearthSocket): Promise<void> {
    if (!socket.data.user) return;
    await this.releasePlace(socket);
    await this.presence.leaveAll(socket);
  }

  private async join(socket: HearthSocket, payload: unknown) {
    const topic = parseTopic(parseTopicMessage(payload).topic);
    await this.access.assertCanJoin(socket.data.user, topic);
    if (socket.rooms.has(topic.name)) return OK;
    this.reserveTopicPlace(socket);
    try {
      await this.enter(socket, topic);
    } finally {
      socket.data.pendingJoins -= 1;
    }
    return OK;
  }

  private async leave(socket: HearthSocket, payload: unknown) {
    const topic = parseTopic(parseTopicMessage(payload).topic);
    await socket.leave(topic.name);
    await this.presence.leave(socket, topic.name);
    return OK;
  }

  private newMessage(socket: HearthSocket, payload: unknown) {
    const message = parseChatMessage(payload);
    const topic = this.joinedTopic(socket, message.topic);
    this.access.assertCanSend(topic);
    const sent = {
      topic: topic.name,
      id: randomUUID(),
      body: message.body,
      user_id: socket.data.user.id,
      inserted_at: new Date().toISOString(),
    };
    this.server.to(topic.name).emit('message', sent);
    this.metrics.socketMessageSent();
    return { ok: true, id: sent.id };
  }

  private typing(socket: HearthSocket, payload: unknown) {
    const { name: topic } = this.joinedTopic(socket, parseTopicMessage(payload).topic);
    socket.to(topic).emit('user_typing', { topic, user_id: socket.data.user.id });
    return OK;
  }

  private async enter(socket: HearthSocket, topic: Topic): Promise<void> {
    if (topic.kind === 'posts' || topic.kind === 'post') await socket.join(topic.name);
    else await this.presence.join(socket, topic.name);
  }

  // Synchronous from the check to the reservation, so concurrent joins cannot overshoot the limit together.
  private reserveTopicPlace(socket: HearthSocket): void {
    const limit = this.config.realtime.limits.maxTopicsPerConnection;
    const joined = [...socket.rooms].filter(isTopicRoom).length;
    if (joined + socket.data.pendingJoins >= limit) {
      throw new RealtimeError(
        'too_many_topics',
        `A connection can be in at most ${limit} topics; leave one first.`,
        { limit },
      );
    }
    socket.data.pendingJoins += 1;
  }

  private joinedTopic(socket: HearthSocket, name: string): Topic {
    const topic = parseTopic(name);
    if (!socket.rooms.has(topic.name)) throw new RealtimeError('not_joined', 'Join the topic first.');
    return topic;
  }

  private async authenticate(socket: HearthSocket): Promise<void> {
    const token = handshakeToken(socket);
    if (!token) throw new RealtimeError('missing_token', 'Connect with auth: {"token": <access token>}.');
    const user = await this.tokens.verify(token);
    await this.takePlace(socket, user.id);
    socket.data.user = user;
    socket.data.topics = new Set();
    socket.data.pendingJoins = 0;
    socket.data.bucket = fullBucket(this.config.realtime.limits.messageBurst, Date.now());
    await socket.join(userRoom(user.id));
    if (user.sessionId) await socket.join(sessionRoom(user.sessionId));
  }

  /**
   * One of the user's places. A socket closed before its handshake completed never fires `disconnect`, so the
   * place is also given back when the underlying connection closes (releasing twice is harmless). While Redis
   * is away the limit is not enforced (like the HTTP rate limits): an outage of the counter store should not
   * keep everyone from connecting.
   */
  private async takePlace(socket: HearthSocket, userId: number): Promise<void> {
    const limit = this.config.realtime.limits.maxConnectionsPerUser;
    const taken = await this.quota.acquire(userId, socket.id, limit).catch((error: Error) => {
      if (Date.now() - this.quotaWarnedAt >= QUOTA_WARNING_INTERVAL_MS) {
        this.quotaWarnedAt = Date.now();
        this.logger.warn(`connection limit not enforced, its store is unavailable: ${error.message}`);
      }
      return true;
    });
    if (!taken) {
      throw new RealtimeError(
        'too_many_connections',
        `You already have ${limit} live connections; close one first.`,
        { limit },
      );
    }
    socket.conn.once('close', () => void this.quota.release(userId, socket.id).catch(() => undefined));
  }

  private async releasePlace(socket: HearthSocket): Promise<void> {
    await this.quota.release(socket.data.user.id, socket.id).catch(() => undefined);
  }
}

function handshakeToken(socket: HearthSocket): string | undefined {
  const fromAuth: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0) return fromAuth;
  const header = socket.handshake.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** The client sees `connect_error` with `message` and `data: {code, message}` (the HTTP error body). */
function toConnectError(error: unknown): ExtendedError {
  const { body } = toErrorResponse(error);
  return Object.assign(new Error(body.error.message), { data: body.error });
}
