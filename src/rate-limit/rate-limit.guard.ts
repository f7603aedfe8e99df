import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RATE_LIMIT_STORE } from './rate-limit.tokens.js';
import type { RateLimitStore } from './rate-limit.store.js';

const UNLIMITED_PATHS = /^\/(health|api\/docs)(\/|-json|$)/;

/**
 * One budget per caller and window: an API key (its own limit), a signed-in user, or an anonymous IP. Runs after
 * the AuthGuard, so the caller is already resolved (and cached on the request).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly currentUser: CurrentUserResolver,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (UNLIMITED_PATHS.test(request.url)) return true;
    const user = await this.currentUser.resolve(request);
    const { windowSeconds, user: userLimit, anonymous } = this.config.rateLimits;
    const [key, limit] =
      user?.apiKeyId !== undefined
        ? [`key:${user.apiKeyId}`, user.apiKeyRateLimit ?? this.config.rateLimits.apiKeyDefault]
        : user
          ? [`user:${user.id}`, userLimit]
          : [`ip:${request.ip}`, anonymous];
    const counted = await this.store.hit(key, windowSeconds * 1_000);
    if (!counted) return true;

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const resetSeconds = Math.ceil(counted.resetAt / 1_000);
    reply.header('x-ratelimit-limit', limit);
    reply.header('x-ratelimit-remaining', Math.max(0, limit - counted.count));
    reply.header('x-ratelimit-reset', resetSeconds);
    if (counted.count > limit) {
      reply.header('retry-after', Math.max(1, Math.ceil((counted.resetAt - Date.now()) / 1_000)));
      throw new DomainError(
        429,
        'rate_limited',
        'Too many requests; try again after the time in Retry-After.',
        {
          limit,
          reset: resetSeconds,
        },
      );
    }
    return true;
  }
}
