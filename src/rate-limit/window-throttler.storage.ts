import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitStore } from './rate-limit-store.js';

// The package does not export the record type from its entry point.
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export interface WindowRecord extends ThrottlerStorageRecord {
  /** When the caller's window ends (ms since epoch). */
  resetAt: number;
}

/**
 * @nestjs/throttler's storage over Hearth's fixed-window counters (atomic in Redis, so exact across instances).
 * Every request counts, over-budget ones too; a caller over its limit is blocked until its window ends, so
 * `blockDuration` does not apply. `increment` rejects when the counters are unreachable.
 */
export class WindowThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: RateLimitStore) {}

  async increment(key: string, ttl: number, limit: number): Promise<WindowRecord> {
    const { count, resetAt } = await this.store.hit(key, ttl);
    const timeToExpire = Math.max(1, Math.ceil((resetAt - Date.now()) / 1_000));
    const isBlocked = count > limit;
    return {
      totalHits: count,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
      resetAt,
    };
  }
}
