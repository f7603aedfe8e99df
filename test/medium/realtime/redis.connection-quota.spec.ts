import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  presenceInstancesKey,
  RedisPresenceStore,
} from '../../../src/realtime/presence/redis.presence-store.js';
import { RedisConnectionQuota } from '../../../src/realtime/limits/redis.connection-quota.js';

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

// Against a real Redis, with a key prefix of its own; instances are alive while their presence store heartbeats.
withRedis('RedisConnectionQuota', () => {
  const ttlMs = 60_000;
  let redis: Redis;
  let prefix: string;
  const stores: RedisPresenceStore[] = [];

  async function liveInstance(instanceId = randomUUID()): Promise<RedisConnectionQuota> {
    const store = new RedisPresenceStore(redis, prefix, { heartbeatMs: 30_000, ttlMs }, instanceId);
    stores.push(store);
    await store.start();
    return new RedisConnectionQuota(redis, {
      keyPrefix: prefix,
      instanceId,
      instancesKey: presenceInstancesKey(prefix),
      ttlMs,
    });
  }

  beforeEach(() => {
    redis = new Redis(process.env.REDIS_URL!);
    prefix = `hearth_test:quota:${randomUUID()}:`;
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.stop()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts a user’s places across instances, exactly under concurrency', async () => {
    const [a, b] = [await liveInstance(), await liveInstance()];
    const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire(7, `c${i}`, 5));
    expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(5);
    expect(await a.acquire(8, 'other-user', 5)).toBe(true);
  });

  it('gives a place back once, however often it is released', async () => {
    const quota = await liveInstance();
    expect(await quota.acquire(1, 'c1', 1)).toBe(true);
    await quota.release(1, 'c1');
    await quota.release(1, 'c1');
    expect(await quota.acquire(1, 'c2', 1)).toBe(true);
    expect(await quota.acquire(1, 'c3', 1)).toBe(false);
  });

  it('stops counting the places of an instance that no longer heartbeats', async () => {
    const deadId = randomUUID();
    const dead = await liveInstance(deadId);
    expect(await dead.acquire(3, 'c1', 2)).toBe(true);
    expect(await dead.acquire(3, 'c2', 2)).toBe(true);
    // Killed without giving anything back: its last heartbeat is now older than the TTL.
    await redis.zadd(presenceInstancesKey(prefix), Date.now() - 2 * ttlMs, deadId);
    const survivor = await liveInstance();
    expect(await survivor.acquire(3, 'c3', 2)).toBe(true);
    expect(await survivor.acquire(3, 'c4', 2)).toBe(true);
    expect(await survivor.acquire(3, 'c5', 2)).toBe(false);
  });
});
