import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnections } from '../../infra/redis/redis-connections.js';

/** One counter an attempt must fit under: `key` may hold at most `limit` attempts per window. */
export interface CounterLimit {
  key: string;
  limit: number;
  /**
   * The counter belongs to the client making the attempt (its address or device): refused attempts count on
   * it too. Counters shared with other clients (an account's ceiling) count only attempts that went through,
   * so nobody can use them up by sending attempts that are refused anyway.
   */
  ownedByClient?: boolean;
}

export type ClaimResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Fixed-window counters keyed by string: the store behind brute-force protection. `claim` is atomic: it counts
 * an attempt on every counter at once, or, when any of them is full, only on the client's own counters, so
 * concurrent attempts can never get more than `limit` through.
 */
export abstract class AttemptCounterStore {
  abstract claim(counters: readonly CounterLimit[], windowMs: number): Promise<ClaimResult>;
  /** Gives back one claimed attempt (it turned out not to be a failure). */
  abstract release(key: string): Promise<void>;
  abstract clear(key: string): Promise<void>;
}

/** Single-instance store. Expired windows are dropped lazily and by a periodic sweep. */
@Injectable()
export class InMemoryAttemptCounterStore extends AttemptCounterStore implements OnModuleDestroy {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  // Synchronous from the first read to the last write: nothing else runs in between.
  async claim(counters: readonly CounterLimit[], windowMs: number): Promise<ClaimResult> {
    const now = Date.now();
    const full = counters.map(({ key, limit }) => ({ window: this.live(key, now), limit }));
    const waits = full.filter(({ window, limit }) => window && window.count >= limit);
    const allowed = waits.length === 0;
    for (const { key, ownedByClient } of counters) {
      if (allowed || ownedByClient) this.count(key, now, windowMs);
    }
    if (allowed) return { allowed };
    return { allowed, retryAfterMs: Math.max(...waits.map(({ window }) => window!.resetAt - now)) };
  }

  async release(key: string): Promise<void> {
    const window = this.live(key, Date.now());
    if (window && window.count > 0) window.count -= 1;
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private count(key: string, now: number, windowMs: number): void {
    const window = this.live(key, now) ?? { count: 0, resetAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
  }

  private live(key: string, now: number) {
    const window = this.windows.get(key);
    return window && window.resetAt > now ? window : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

// Check every counter, then count, in one atomic step. ARGV[1] is the window; ARGV[2i] the limit of KEYS[i] and
// ARGV[2i + 1] '1' when the counter is the client's own. Answers {1, 0} when claimed, and {0, ms until the longest
// blocking window ends} when refused.
const CLAIM_SCRIPT = `
local wait = -1
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
    if ttl > wait then wait = ttl end
  end
end
for i, key in ipairs(KEYS) do
  if wait < 0 or ARGV[2 * i + 1] == '1' then
    if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  end
end
if wait >= 0 then return {0, wait} end
return {1, 0}
`;

const RELEASE_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

type CountingRedis = Redis & {
  claimAttempt(...args: (string | number)[]): Promise<[number, number]>;
  releaseAttempt(key: string): Promise<number>;
};

/**
 * Shared by every instance; keys live under REDIS_KEY_PREFIX and expire with their window. One claim touches
 * several keys, so this needs a single Redis (not a cluster that would spread the keys over shards).
 */
@Injectable()
export class RedisAttemptCounterStore extends AttemptCounterStore {
  private readonly redis: CountingRedis;

  constructor(private readonly connections: RedisConnections) {
    super();
    const client = connections.client;
    client.defineCommand('claimAttempt', { lua: CLAIM_SCRIPT });
    client.defineCommand('releaseAttempt', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    this.redis = client as CountingRedis;
  }

  async claim(counters: readonly CounterLimit[], windowMs: number): Promise<ClaimResult> {
    const keys = counters.map(({ key }) => this.key(key));
    const [claimed, wait] = await this.redis.claimAttempt(
      keys.length,
      ...keys,
      windowMs,
      ...counters.flatMap(({ limit, ownedByClient }) => [limit, ownedByClient ? '1' : '0']),
    );
    return claimed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
  }

  async release(key: string): Promise<void> {
    await this.redis.releaseAttempt(this.key(key));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.connections.keyPrefix}auth:attempts:${key}`;
  }
}
