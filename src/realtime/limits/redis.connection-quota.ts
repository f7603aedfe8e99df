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

/** ioredis states in which the connection was lost and is between reconnection attempts. */
const DISCONNECTED = new Set(['close', 'reconnecting', 'end']);

type QuotaRedis = Redis & {
  connectionQuotaAcquire(
    userKey: string,
    instancesKey: string,
    field: string,
    limit: number,
    ttlMs: number,
  ): Promise<number>;
};

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
 * back stops heartbeating; the next handshake of that user at the limit drops its places. `redis` should have
 * a `commandTimeout`: it bounds how long a handshake waits on a Redis that does not answer.
 */
export class RedisConnectionQuota extends ConnectionQuota {
  private readonly redis: QuotaRedis;
  /** Places given back while Redis was away (`<user id>` → connection ids), handed back once it returns. */
  private readonly unreleased = new Map<number, Set<string>>();

  constructor(
    redis: Redis,
    private readonly options: RedisConnectionQuotaOptions,
  ) {
    super();
    // A defined command runs by EVALSHA (the script body is sent once, not with every handshake).
    redis.defineCommand('connectionQuotaAcquire', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
    this.redis = redis as QuotaRedis;
    this.redis.on('ready', () => void this.releaseUnreleased());
  }

  async acquire(userId: number, connectionId: string, limit: number): Promise<boolean> {
    // While Redis is away, commands would queue until ioredis gives up on a reconnection attempt (seconds):
    // fail at once instead (the gateway then lets the handshake through).
    if (DISCONNECTED.has(this.redis.status)) throw new Error(`Redis connection is ${this.redis.status}`);
    const taken = await this.redis.connectionQuotaAcquire(
      this.userKey(userId),
      this.options.instancesKey,
      this.field(connectionId),
      limit,
      this.options.ttlMs,
    );
    return taken === 1;
  }

  async release(userId: number, connectionId: string): Promise<void> {
    try {
      if (DISCONNECTED.has(this.redis.status)) throw new Error(`Redis connection is ${this.redis.status}`);
      await this.redis.hdel(this.userKey(userId), this.field(connectionId));
    } catch (error) {
      // Otherwise the place would count against the user for as long as this instance lives.
      const ids = this.unreleased.get(userId) ?? new Set<string>();
      this.unreleased.set(userId, ids.add(connectionId));
      throw error;
    }
  }

  private async releaseUnreleased(): Promise<void> {
    const pending = [...this.unreleased];
    this.unreleased.clear();
    for (const [userId, ids] of pending) {
      for (const id of ids) await this.release(userId, id).catch(() => undefined);
    }
  }

  private userKey(userId: number): string {
    return `${this.options.keyPrefix}connections:user:${userId}`;
  }

  private field(connectionId: string): string {
    return `${this.options.instanceId}/${connectionId}`;
  }
}
