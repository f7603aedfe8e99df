// Owns the request budgets per API key, user and IP, the per-action budgets (ActionBudgets), and their counters.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type ThrottlerModuleOptions, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { ActionBudgets } from './action-budgets.js';
import { budgetCaller } from './budget-caller.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { InMemoryRateLimitStore } from './in-memory.rate-limit-store.js';
import { RedisRateLimitStore } from './redis.rate-limit-store.js';
import { WindowThrottlerStorage } from './window-throttler.storage.js';

// A request waits at most this long for Redis to count it, then is served without limits. Generous: a busy
// instance can take hundreds of ms to read a reply, and a count dropped under load would break exactness.
const REDIS_COMMAND_TIMEOUT_MS = 2_000;

function throttlerOptions(
  config: AppConfig,
  redis: RedisConnections,
  currentUser: CurrentUserResolver,
): ThrottlerModuleOptions {
  const { windowSeconds, apiKeyDefault, user, anonymous } = config.rateLimits;
  return {
    throttlers: [
      {
        name: 'default',
        ttl: windowSeconds * 1_000,
        limit: async (context) => {
          const caller = await budgetCaller(currentUser, context.switchToHttp().getRequest<FastifyRequest>());
          if (caller?.apiKeyId !== undefined) return caller.apiKeyRateLimit ?? apiKeyDefault;
          return caller ? user : anonymous;
        },
      },
    ],
    storage: new WindowThrottlerStorage(
      redis.enabled
        ? new RedisRateLimitStore(
            redis.open('rate-limit', {
              commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
              enableAutoPipelining: true,
            }),
            redis.keyPrefix,
          )
        : new InMemoryRateLimitStore(),
    ),
  };
}

// Budgets per API key, user and IP, enforced with @nestjs/throttler. Counters live in Redis when configured
// (shared by every instance), else in this process. Imported before AuthModule so that its guard runs first:
// requests that the AuthGuard refuses (bad or missing credentials) have spent their address's budget too.
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, RedisConnections, CurrentUserResolver],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: RateLimitGuard },
    {
      provide: ActionBudgets,
      useFactory: (redis: RedisConnections) =>
        new ActionBudgets(
          redis.enabled
            ? new RedisRateLimitStore(
                redis.open('action-budgets', { commandTimeout: REDIS_COMMAND_TIMEOUT_MS }),
                redis.keyPrefix,
              )
            : new InMemoryRateLimitStore(),
        ),
      inject: [RedisConnections],
    },
  ],
  exports: [ActionBudgets],
})
export class RateLimitModule {}
