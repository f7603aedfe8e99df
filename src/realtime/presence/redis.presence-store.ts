import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type ExpiredPresenceListener, type PresenceEntry, PresenceStore } from './presence-store.js';

// Renews this instance's heartbeat and claims instances whose heartbeat is older than the TTL. Redis's clock
// is the only clock, so skew between machines cannot expire a live instance; ZREM makes each claim exclusive.
const HEARTBEAT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
for _, id in ipairs(dead) do redis.call('ZREM', KEYS[1], id) end
return { added, dead }`;

interface Timing {
  heartbeatMs: number;
  ttlMs: number;
}

/**
 * Presence shared through Redis. Per topic a hash maps `<instance>/<connection>` to the entry; per instance a set
 * lists the topics it wrote to; a sorted set holds every instance's last heartbeat. Entries of an instance that
 * stops heartbeating disappear within ttlMs + heartbeatMs (the next sweep by any live instance).
 */
export class RedisPresenceStore extends PresenceStore {
  private readonly logger = new Logger('Presence');
  private readonly instanceId = randomUUID();
  private readonly listeners: ExpiredPresenceListener[] = [];
  /** This instance's own entries, rewritten if other instances ever declare it dead (a long pause). */
  private readonly own = new Map<string, Map<string, PresenceEntry>>();
  private timer?: NodeJS.Timeout;
  private beats = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly timing: Timing,
  ) {
    super();
  }

  private topicKey(topic: string): string {
    return `${this.keyPrefix}presence:topic:${topic}`;
  }

  private instanceTopicsKey(instanceId: string): string {
    return `${this.keyPrefix}presence:instance:${instanceId}`;
  }

  private get instancesKey(): string {
    return `${this.keyPrefix}presence:instances`;
  }

  private field(connectionId: string, instanceId = this.instanceId): string {
    return `${instanceId}/${connectionId}`;
  }

  override async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  /** Graceful stop: this instance's entries go now, not after the TTL. */
  override async stop(): Promise<void> {
    clearInterval(this.timer);
    const pipeline = this.redis.multi();
    for (const [topic, entries] of this.own) {
      for (const connectionId of entries.keys())
        pipeline.hdel(this.topicKey(topic), this.field(connectionId));
    }
    pipeline.del(this.instanceTopicsKey(this.instanceId)).zrem(this.instancesKey, this.instanceId);
    this.own.clear();
    await pipeline
      .exec()
      .catch((error: Error) => this.logger.warn(`presence cleanup failed: ${error.message}`));
  }

  async track(topic: string, connectionId: string, entry: PresenceEntry): Promise<void> {
    let entries = this.own.get(topic);
    if (!entries) this.own.set(topic, (entries = new Map()));
    entries.set(connectionId, entry);
    await this.redis
      .multi()
      .hset(this.topicKey(topic), this.field(connectionId), JSON.stringify(entry))
      .sadd(this.instanceTopicsKey(this.instanceId), topic)
      .exec();
  }

  async untrack(topic: string, connectionId: string): Promise<PresenceEntry | null> {
    const entries = this.own.get(topic);
    entries?.delete(connectionId);
    if (entries?.size === 0) this.own.delete(topic);
    const key = this.topicKey(topic);
    const field = this.field(connectionId);
    const results = await this.redis.multi().hget(key, field).hdel(key, field).exec();
    const stored = results?.[0]?.[1];
    return typeof stored === 'string' && results?.[1]?.[1] === 1
      ? (JSON.parse(stored) as PresenceEntry)
      : null;
  }

  async untrackUser(topic: string, userId: number): Promise<PresenceEntry[]> {
    const key = this.topicKey(topic);
    const matching = Object.entries(await this.redis.hgetall(key))
      .map(([field, value]) => [field, JSON.parse(value) as PresenceEntry] as const)
      .filter(([, entry]) => entry.userId === userId);
    if (matching.length === 0) return [];
    await this.redis.hdel(key, ...matching.map(([field]) => field));
    for (const [field] of matching) {
      const [instanceId, connectionId] = field.split('/');
      if (instanceId === this.instanceId) this.own.get(topic)?.delete(connectionId);
    }
    return matching.map(([, entry]) => entry);
  }

  async list(topic: string): Promise<PresenceEntry[]> {
    const stored = await this.redis.hgetall(this.topicKey(topic));
    return Object.values(stored).map((value) => JSON.parse(value) as PresenceEntry);
  }

  onExpired(listener: ExpiredPresenceListener): void {
    this.listeners.push(listener);
  }

  private async heartbeat(): Promise<void> {
    try {
      const [added, dead] = (await this.redis.eval(
        HEARTBEAT_SCRIPT,
        1,
        this.instancesKey,
        this.instanceId,
        this.timing.ttlMs,
      )) as [number, string[]];
      if (added === 1 && this.beats++ > 0) await this.rewriteOwnEntries();
      for (const instanceId of dead) await this.removeInstance(instanceId);
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${(error as Error).message}`);
    }
  }

  private async rewriteOwnEntries(): Promise<void> {
    this.logger.warn('this instance was presumed dead (heartbeats missed); restoring its presences');
    const pipeline = this.redis.multi();
    for (const [topic, entries] of this.own) {
      pipeline.sadd(this.instanceTopicsKey(this.instanceId), topic);
      for (const [connectionId, entry] of entries) {
        pipeline.hset(this.topicKey(topic), this.field(connectionId), JSON.stringify(entry));
      }
    }
    await pipeline.exec();
  }

  private async removeInstance(instanceId: string): Promise<void> {
    const topicsKey = this.instanceTopicsKey(instanceId);
    const topics = await this.redis.smembers(topicsKey);
    for (const topic of topics) {
      const key = this.topicKey(topic);
      const stale = Object.entries(await this.redis.hgetall(key)).filter(([field]) =>
        field.startsWith(`${instanceId}/`),
      );
      if (stale.length === 0) continue;
      await this.redis.hdel(key, ...stale.map(([field]) => field));
      const entries = stale.map(([, value]) => JSON.parse(value) as PresenceEntry);
      for (const listener of this.listeners) listener(topic, entries);
    }
    await this.redis.del(topicsKey);
    this.logger.log(`removed presences of stopped instance ${instanceId} from ${topics.length} topic(s)`);
  }
}
