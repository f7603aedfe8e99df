import { type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { clientAddressKey } from '../common/http/client-address.js';
import { RouteMetadataReflector } from '../common/http/route-metadata-reflector.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { budgetCaller } from './budget-caller.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { RateLimitError } from './rate-limit.errors.js';
import { type WindowRecord, WindowThrottlerStorage } from './window-throttler.storage.js';

const UNLIMITED_PATHS = /^\/(health|api\/docs)(\/|-json|$)/;
const OUTAGE_WARNING_INTERVAL_MS = 10_000;

interface WindowLimitDetail extends ThrottlerLimitDetail, WindowRecord {}

/**
 * One budget per caller and window: an API key (its own limit), a signed-in user, or an anonymous IP. Runs before
 * the AuthGuard and resolves the caller (cached on the request for the AuthGuard); a bad credential spends the
 * anonymous budget of its address. Throttler decides; this guard
 * keeps Hearth's contract: X-RateLimit-* headers with the reset in Unix seconds, a `rate_limited` error, and
 * requests served without limits while the counters are unreachable.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override logger = new Logger('RateLimit');
  private lastOutageWarning = 0;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly windows: WindowThrottlerStorage,
    private readonly currentUser: CurrentUserResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    super(options, windows, new RouteMetadataReflector());
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (!this.config.rateLimits.enabled || context.getType() !== 'http') return true;
    return UNLIMITED_PATHS.test(context.switchToHttp().getRequest<FastifyRequest>().url);
  }

  protected override async getTracker(request: FastifyRequest): Promise<string> {
    const caller = await budgetCaller(this.currentUser, request);
    if (caller?.apiKeyId !== undefined) return `key:${caller.apiKeyId}`;
    if (caller) return `user:${caller.id}`;
    return `ip:${clientAddressKey(request.ip)}`;
  }

  // One budget per caller across every route (throttler's default key is per route).
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context);
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, throttler.name!);
    let window: WindowRecord;
    try {
      window = await this.windows.increment(key, ttl, limit);
    } catch (error) {
      this.warnNotLimited(error as Error);
      return true;
    }
    const reply = res as FastifyReply;
    reply.header('x-ratelimit-limit', limit);
    reply.header('x-ratelimit-remaining', Math.max(0, limit - window.totalHits));
    reply.header('x-ratelimit-reset', Math.ceil(window.resetAt / 1_000));
    if (window.isBlocked) {
      reply.header('retry-after', window.timeToBlockExpire);
      await this.throwThrottlingException(context, { ...window, limit, ttl, key, tracker });
    }
    return true;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    { limit, resetAt, tracker }: WindowLimitDetail,
  ): Promise<never> {
    this.metrics.rateLimitRejected(
      tracker.startsWith('key:') ? 'key' : tracker.startsWith('user:') ? 'user' : 'ip',
    );
    throw new RateLimitError('rate_limited', 'Too many requests; try again after the time in Retry-After.', {
      limit,
      reset: Math.ceil(resetAt / 1_000),
    });
  }

  private warnNotLimited(error: Error): void {
    const now = Date.now();
    if (now - this.lastOutageWarning < OUTAGE_WARNING_INTERVAL_MS) return;
    this.lastOutageWarning = now;
    this.logger.warn(`Rate-limit counters unreachable, requests are not rate limited: ${error.message}`);
  }
}
