import type { Redis } from 'ioredis';
import type { RateLimitStore, WindowCount } from './rate-limit-store.js';

// INCR and the expiry of a new window happen in one atomic step, so concurrent requests on any instance are
// counted exactly once each.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

/** ioredis states in which the connection was lost and is between reconnection attempts. */
const DISCONNECTED = new Set(['close', 'reconnecting', 'end']);

type CountingRedis = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: CountingRedis;

  /** `redis` should have a `commandTimeout`: it bounds how long a request waits on a Redis that does not answer. */
  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // A defined command runs by EVALSHA (the script body is sent once, not with every request).
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as CountingRedis;
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    // While Redis is away, commands would queue until ioredis gives up on a reconnection attempt (seconds):
    // answer at once instead, so requests are served promptly without limits.
    if (DISCONNECTED.has(this.redis.status)) throw new Error(`Redis connection is ${this.redis.status}`);
    const [count, ttl] = await this.redis.rateLimitHit(`${this.keyPrefix}ratelimit:${key}`, windowMs);
    return { count, resetAt: Date.now() + ttl };
  }
}
