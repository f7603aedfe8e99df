import type { Redis } from 'ioredis';
import { ConnectionQuota } from './connection-quota.js';

// Takes a place below the limit in one atomic step, so concurrent handshakes on any instances never overshoot.
// Only at the limit are the places checked one by one: those of an instance whose presence heartbeat (timed by
// Redis's clock) is older than the TTL are dropped, so a killed instance's places stop counting. Below the limit
// a handshake costs O(1), whatever the limit.
const ACQUIRE_SCRIPT = `
local limit = tonumber(ARGV[2])
if redis.call('HLEN', KEYS[1]) >= limit then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    local beat = redis.call('ZSCORE', KEYS[2], string.match(field, '^[^/]+'))
    if not beat or tonumber(beat) <= now - tonumber(ARGV[3]) then redis.call('HDEL', KEYS[1], field) end
  end
  if redis.call('HLEN', KEYS[1]) >= limit then return 0 end
end
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
