// Owns socket.io: topics, private topic membership, presence, per-client limits, the live `posts` topic.
import { Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthModule } from '../auth/auth.module.js';
import { LiveConnections } from '../common/live-connections.js';
import { UserNotifier } from '../common/user-notifier.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { PostsModule } from '../posts/posts.module.js';
import { UsersModule } from '../users/users.module.js';
import { ConnectionQuota } from './limits/connection-quota.js';
import { InMemoryConnectionQuota } from './limits/in-memory.connection-quota.js';
import { RedisConnectionQuota } from './limits/redis.connection-quota.js';
import { SocketMessageRateGuard } from './limits/socket-message-rate.guard.js';
import { SocketMessageRefusal } from './socket-message-refusal.js';
import { SocketMessageDispatcher } from './socket-message-dispatcher.js';
import { SocketUserGuard } from './socket-user.guard.js';
import { InMemoryPresenceStore } from './presence/in-memory.presence-store.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceStore } from './presence/presence-store.js';
import { presenceInstancesKey, RedisPresenceStore } from './presence/redis.presence-store.js';
import { PrivateTopicsController } from './private-topics.controller.js';
import { PrivateTopicsService } from './private-topics.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeServer } from './realtime-server.js';
import { SocketIoLiveConnections } from './socket-io.live-connections.js';
import { SocketUserNotifier } from './socket-io.user-notifier.js';
import { TopicAccessPolicy } from './topic-access.policy.js';

/** A handshake waits at most this long on a Redis that does not answer (then the limit is not enforced). */
const QUOTA_COMMAND_TIMEOUT_MS = 1_000;

/** This process among the instances sharing Redis (presence heartbeats and connection places use it). */
const INSTANCE_ID = Symbol('INSTANCE_ID');

// Also the app-wide UserNotifier (pushes to a user's sockets) and LiveConnections (ends them). The socket.io server
// itself is created by HearthIoAdapter (see app.factory.ts).
@Global()
@Module({
  imports: [AuthModule, PostsModule, UsersModule],
  controllers: [PrivateTopicsController],
  providers: [
    RealtimeGateway,
    RealtimeServer,
    PresenceService,
    TopicAccessPolicy,
    PrivateTopicsService,
    SocketMessageRateGuard,
    SocketUserGuard,
    SocketMessageRefusal,
    SocketMessageDispatcher,
    { provide: INSTANCE_ID, useFactory: () => randomUUID() },
    {
      provide: PresenceStore,
      useFactory: (redis: RedisConnections, config: AppConfig, instanceId: string) =>
        redis.enabled
          ? new RedisPresenceStore(
              redis.client,
              redis.keyPrefix,
              { heartbeatMs: config.realtime.presenceHeartbeatMs, ttlMs: config.realtime.presenceTtlMs },
              instanceId,
            )
          : new InMemoryPresenceStore(),
      inject: [RedisConnections, APP_CONFIG, INSTANCE_ID],
    },
    {
      provide: ConnectionQuota,
      useFactory: (redis: RedisConnections, config: AppConfig, instanceId: string) =>
        redis.enabled
          ? new RedisConnectionQuota(
              // Handshakes resume together after their batched user read: their claims leave in one write.
              redis.open('connection-quota', {
                commandTimeout: QUOTA_COMMAND_TIMEOUT_MS,
                enableAutoPipelining: true,
              }),
              {
                keyPrefix: redis.keyPrefix,
                instanceId,
                instancesKey: presenceInstancesKey(redis.keyPrefix),
                ttlMs: config.realtime.presenceTtlMs,
              },
            )
          : new InMemoryConnectionQuota(),
      inject: [RedisConnections, APP_CONFIG, INSTANCE_ID],
    },
    { provide: UserNotifier, useClass: SocketUserNotifier },
    { provide: LiveConnections, useClass: SocketIoLiveConnections },
  ],
  exports: [UserNotifier, LiveConnections],
})
export class RealtimeModule {}
