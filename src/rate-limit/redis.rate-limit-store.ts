import type { Redis } from 'ioredis';
import type { RateLimitStore, WindowCount } from './rate-limit-store.js';

// INCRBY and the expiry of a new window happen in one atomic step, so concurrent requests on any instance are
// counted exactly once each. ARGV[2] hits are counted at once (see `hit`); the window is new when they are all.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

/** ioredis states in which the connection was lost and is between reconnection attempts. */
const DISCONNECTED = new Set(['close', 'reconnecting', 'end']);

type CountingRedis = Redis & {
  rateLimitHit(key: string, windowMs: number, hits: number): Promise<[number, number]>;
};

interface Waiter {
  resolve(count: WindowCount): void;
  reject(error: unknown): void;
}

/** The hits on one counter asked for in one turn of the event loop. */
interface PendingHits {
  key: string;
  windowMs: number;
  waiters: Waiter[];
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: CountingRedis;
  private pending = new Map<string, PendingHits>();

  /** `redis` should have a `commandTimeout`: it bounds how long a request waits on a Redis that does not answer. */
  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // A defined command runs by EVALSHA (the script body is sent once, not with every request).
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as CountingRedis;
  }

  /**
   * Counts one hit. The hits on one counter asked for in the same turn of the event loop go to Redis as one
   * INCRBY, and every turn's counters as one pipelined write: a burst from one caller costs one round trip, not
   * one each. Each hit still gets its own place in the count, as if it had been sent alone.
   */
  hit(key: string, windowMs: number): Promise<WindowCount> {
    // While Redis is away, commands would queue until ioredis gives up on a reconnection attempt (seconds):
    // answer at once instead, so requests are served promptly without limits.
    if (DISCONNECTED.has(this.redis.status)) {
      return Promise.reject(new Error(`Redis connection is ${this.redis.status}`));
    }
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => this.flush());
      const id = `${windowMs}:${key}`;
      const hits = this.pending.get(id) ?? { key, windowMs, waiters: [] };
      hits.waiters.push({ resolve, reject });
      this.pending.set(id, hits);
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    for (const hits of batch.values()) void this.send(hits);
  }

  private async send({ key, windowMs, waiters }: PendingHits): Promise<void> {
    try {
      const [count, ttl] = await this.redis.rateLimitHit(
        `${this.keyPrefix}ratelimit:${key}`,
        windowMs,
        waiters.length,
      );
      const resetAt = Date.now() + ttl;
      const first = count - waiters.length + 1;
      waiters.forEach((waiter, place) => waiter.resolve({ count: first + place, resetAt }));
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}
