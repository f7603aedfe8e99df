import { type OnModuleDestroy, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import type { ExtendedError, Server } from 'socket.io';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { toErrorResponse } from '../common/errors/error-response.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { PostEventsBus } from '../posts/post-events-bus.js';
import { RealtimeError } from './realtime.errors.js';
import { NewMessageDto, TopicDto } from './dto/topic.dto.js';
import { PresenceService } from './presence/presence.service.js';
import { RealtimeServer } from './realtime-server.js';
import { countRealtime } from './realtime.metrics.js';
import { SocketExceptionFilter } from './socket-exception.filter.js';
import { type HearthSocket, SocketUserGuard } from './socket-user.guard.js';
import { TopicAccessPolicy } from './topic-access.policy.js';
import { POSTS_TOPIC, parseTopic, type Topic, userRoom } from './topics.js';

const OK = { ok: true } as const;

/**
 * The socket.io contract of API.md: token handshake, topics, messages, typing and presence. Broadcasts go through
 * the server's adapter, so with Redis they reach members connected to any instance.
 */
@WebSocketGateway()
@UseGuards(SocketUserGuard)
@UsePipes(createValidationPipe())
@UseFilters(SocketExceptionFilter)
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server!: Server;
  private stopPostEvents?: () => void;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly access: TopicAccessPolicy,
    private readonly presence: PresenceService,
    private readonly postEvents: PostEventsBus,
    private readonly realtime: RealtimeServer,
    private readonly metrics: Metrics,
  ) {}

  afterInit(server: Server): void {
    this.realtime.server = server;
    server.use((socket, next) => {
      this.authenticate(socket as HearthSocket).then(
        () => next(),
        (error: unknown) => next(toConnectError(error)),
      );
    });
    this.presence.attach(server);
    this.metrics.observeRealtime(() => countRealtime(server));
    // Every instance receives each post event once from the bus and hands it to its own sockets only.
    this.stopPostEvents = this.postEvents.subscribe((event) =>
      server.local.to(POSTS_TOPIC).emit(event.type, event.payload),
    );
  }

  onModuleDestroy(): void {
    this.stopPostEvents?.();
  }

  async handleDisconnect(socket: HearthSocket): Promise<void> {
    if (socket.data.user) await this.presence.leaveAll(socket);
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: HearthSocket, @MessageBody() message: TopicDto) {
    const topic = parseTopic(message.topic);
    await this.access.assertCanJoin(socket.data.user, topic);
    if (topic.kind === 'posts') await socket.join(topic.name);
    else await this.presence.join(socket, topic.name);
    return OK;
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: HearthSocket, @MessageBody() message: TopicDto) {
    const topic = parseTopic(message.topic);
    await socket.leave(topic.name);
    await this.presence.leave(socket, topic.name);
    return OK;
  }

  @SubscribeMessage('new_message')
  newMessage(@ConnectedSocket() socket: HearthSocket, @MessageBody() message: NewMessageDto) {
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

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: HearthSocket, @MessageBody() message: TopicDto) {
    const { name: topic } = this.joinedTopic(socket, message.topic);
    socket.to(topic).emit('user_typing', { topic, user_id: socket.data.user.id });
    return OK;
  }

  private joinedTopic(socket: HearthSocket, name: string): Topic {
    const topic = parseTopic(name);
    if (!socket.rooms.has(topic.name)) throw new RealtimeError('not_joined', 'Join the topic first.');
    return topic;
  }

  private async authenticate(socket: HearthSocket): Promise<void> {
    const token = handshakeToken(socket);
    if (!token) throw new RealtimeError('missing_token', 'Connect with auth: {"token": <access token>}.');
    socket.data.user = await this.tokens.verify(token);
    socket.data.topics = new Set();
    await socket.join(userRoom(socket.data.user.id));
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
