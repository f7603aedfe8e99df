// Owns socket.io: topics, private topic membership, presence, the live `posts` topic, UserNotifier.
import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UserNotifier } from '../common/user-notifier.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { PostsModule } from '../posts/posts.module.js';
import { UsersModule } from '../users/users.module.js';
import { InMemoryPresenceStore } from './presence/in-memory.presence-store.js';
import { PresenceService } from './presence/presence.service.js';
import { PresenceStore } from './presence/presence-store.js';
import { RedisPresenceStore } from './presence/redis.presence-store.js';
import { PrivateTopicsController } from './private-topics.controller.js';
import { PrivateTopicsService } from './private-topics.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeServer } from './realtime-server.js';
import { SocketUserNotifier } from './socket-io.user-notifier.js';
import { TopicAccessPolicy } from './topic-access.policy.js';

// UserNotifier pushes to a user's sockets, app-wide. The socket.io server itself is created by HearthIoAdapter
// (see app.factory.ts).
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
    {
      provide: PresenceStore,
      useFactory: (redis: RedisConnections, config: AppConfig) =>
        redis.enabled
          ? new RedisPresenceStore(redis.client, redis.keyPrefix, {
              heartbeatMs: config.realtime.presenceHeartbeatMs,
              ttlMs: config.realtime.presenceTtlMs,
            })
          : new InMemoryPresenceStore(),
      inject: [RedisConnections, APP_CONFIG],
    },
    { provide: UserNotifier, useClass: SocketUserNotifier },
  ],
  exports: [UserNotifier],
})
export class RealtimeModule {}
