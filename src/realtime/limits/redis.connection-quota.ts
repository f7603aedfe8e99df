import type { Redis } from 'ioredis';
import { ConnectionQuota } from './connection-quota.js';

// Counts the user's places whose instance is alive (its presence heartbeat, timed by Redis's clock, is younger
// than the TTL), drops the others, and takes a place only below the limit: one atomic step, so concurrent
// handshakes on any instances never overshoot.
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local live = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local beat = redis.call('ZSCORE', KEYS[2], string.match(field, '^[^/]+'))
  if beat and tonumber(beat) > now - tonumber(ARGV[3]) then live = live + 1
  else redis.call('HDEL', KEYS[1], field) end
end
if live >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], '1')
return 1`;

export interface RedisConnectionQuotaOptions {
  keyPrefix: string;
  /** This instance, as it names itself in the presence heartbeats. */
  instanceId: string;
  /** The sorted set of instance heartbeats (kept by the presence store). */
  instancesKey: string;
  /** An instance whose heartbeat is older than this is dead. */
  ttlMs: number;
}

/**
 * Places in Redis: per user a hash of `<instance>/<connection>`. An instance killed without giving its places
 * back stops heartbeating; the next handshake of that user drops its places.
 */
export class RedisConnectionQuota extends ConnectionQuota {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisConnectionQuotaOptions,
  ) {
    super();
  }

  async acquire(userId: number, connectionId: string, limit: number): Promise<boolean> {
    const taken = await this.redis.eval(
      ACQUIRE_SCRIPT,
      2,
      this.userKey(userId),
      this.options.instancesKey,
      this.field(connectionId),
      limit,
      this.options.ttlMs,
    );
    return taken === 1;
  }

  async release(userId: number, connectionId: string): Promise<void> {
    await this.redis.hdel(this.userKey(userId), this.field(connectionId));
  }

  private userKey(userId: number): string {
    return `${this.options.keyPrefix}connections:user:${userId}`;
  }

  private field(connectionId: string): string {
    return `${this.options.instanceId}/${connectionId}`;
  }
}
