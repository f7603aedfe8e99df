import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnections } from '../../infra/redis/redis-connections.js';
import { AttemptCounterStore, type ClaimResult, type CounterLimit } from './attempt-counter-store.js';

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
