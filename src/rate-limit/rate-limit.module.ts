import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { InMemoryRateLimitStore, RedisRateLimitStore } from './rate-limit.store.js';
import { RATE_LIMIT_STORE } from './rate-limit.tokens.js';

// Budgets per API key, user and IP. Counters live in Redis when configured (shared by every instance), else in
// this process. Imported after AuthModule so its guard runs after authentication.
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      useFactory: (redis: RedisConnections) =>
        redis.enabled ? new RedisRateLimitStore(redis.client, redis.keyPrefix) : new InMemoryRateLimitStore(),
      inject: [RedisConnections],
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class RateLimitModule {}
