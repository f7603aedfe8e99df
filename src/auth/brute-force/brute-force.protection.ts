import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { AuthError } from '../auth.errors.js';
import { AttemptCounterStore, type AttemptCount } from './attempt-counter-store.js';

export type GuardedAction = 'login' | 'forgot';

export interface AttemptSource {
  /** Normalised email the attempt targets. */
  account: string;
  ip: string;
}

/** 429 `rate_limited`; RetryAfterInterceptor also sends the wait as a Retry-After header. */
export function tooManyAttempts(retryAfterSeconds: number): AuthError {
  return new AuthError('rate_limited', 'Too many attempts; try again later.', {
    retry_after_seconds: retryAfterSeconds,
  });
}

/** The wait a brute-force refusal asks for; undefined for any other error. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (!(error instanceof AuthError) || error.code !== 'rate_limited') return undefined;
  return (error.details as { retry_after_seconds: number }).retry_after_seconds;
}

/**
 * Brute-force protection for sign-in and password-reset requests, counted per targeted account and per client
 * IP, independently of the general rate limits. Login and token count failures (a success clears the account's
 * count); forgot counts every request. Storage errors refuse the attempt (503) rather than let it through.
 */
@Injectable()
export class BruteForceProtection {
  private readonly logger = new Logger(BruteForceProtection.name);

  constructor(
    private readonly store: AttemptCounterStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Refuses when the account or the IP has used up its failures. */
  async assertAllowed(action: GuardedAction, source: AttemptSource): Promise<void> {
    const [account, ip] = await this.guarded(() =>
      Promise.all([
        this.store.peek(this.accountKey(action, source)),
        this.store.peek(this.ipKey(action, source)),
      ]),
    );
    this.refuseIfOver(action, account, ip, (count, limit) => count >= limit);
  }

  async recordFailure(action: GuardedAction, source: AttemptSource): Promise<void> {
    const windowMs = this.limits(action).windowSeconds * 1000;
    await this.guarded(() =>
      Promise.all([
        this.store.hit(this.accountKey(action, source), windowMs),
        this.store.hit(this.ipKey(action, source), windowMs),
      ]),
    );
  }

  /** Counts this attempt and refuses it when it goes over the limit. */
  async consume(action: GuardedAction, source: AttemptSource): Promise<void> {
    const windowMs = this.limits(action).windowSeconds * 1000;
    const [account, ip] = await this.guarded(() =>
      Promise.all([
        this.store.hit(this.accountKey(action, source), windowMs),
        this.store.hit(this.ipKey(action, source), windowMs),
      ]),
    );
    this.refuseIfOver(action, account, ip, (count, limit) => count > limit);
  }

  async recordSuccess(action: GuardedAction, source: AttemptSource): Promise<void> {
    await this.guarded(() => this.store.clear(this.accountKey(action, source)));
  }

  private refuseIfOver(
    action: GuardedAction,
    account: AttemptCount,
    ip: AttemptCount,
    over: (count: number, limit: number) => boolean,
  ): void {
    const limits = this.limits(action);
    const blocking = [
      over(account.count, limits.perAccount) ? account.resetInMs : 0,
      over(ip.count, limits.perIp) ? ip.resetInMs : 0,
    ];
    const waitMs = Math.max(...blocking);
    if (waitMs <= 0) return;
    this.metrics.rateLimitRejected(action);
    throw tooManyAttempts(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  private limits(action: GuardedAction) {
    return this.config.auth.bruteForce[action];
  }

  // Emails are hashed so that the counter store holds no addresses.
  private accountKey(action: GuardedAction, source: AttemptSource): string {
    return `${action}:account:${createHash('sha256').update(source.account).digest('base64url')}`;
  }

  private ipKey(action: GuardedAction, source: AttemptSource): string {
    return `${action}:ip:${source.ip}`;
  }

  private async guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logger.warn(`attempt counter unavailable: ${(error as Error).message}`);
      throw new AuthError('service_unavailable', 'A dependency is unavailable; try again shortly.');
    }
  }
}
