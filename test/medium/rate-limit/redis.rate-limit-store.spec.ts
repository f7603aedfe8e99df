import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRateLimitStore } from '../../../src/rate-limit/redis.rate-limit-store.js';

const withRedis = process.env.REDIS_URL ? describe : describe.skip;
const WINDOW_MS = 60_000;

// Against a real Redis, with a key prefix of its own. Hits asked for in one turn of the event loop go to Redis
// together; each must still get its own place in the count, exactly as if sent one by one.
withRedis('RedisRateLimitStore', () => {
  let prefix: string;
  const connections: Redis[] = [];
  const instance = () => {
    const redis = new Redis(process.env.REDIS_URL!);
    connections.push(redis);
    return new RedisRateLimitStore(redis, prefix);
  };

  beforeEach(() => {
    prefix = `hearth_test:ratelimit:${randomUUID()}:`;
  });
  afterEach(async () => {
    const [redis] = connections;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all(connections.splice(0).map((connection) => connection.quit()));
  });

  it('gives every hit of a burst its own count, and the counter ends at the number of hits', async () => {
    const store = instance();
    const burst = await Promise.all(Array.from({ length: 25 }, () => store.hit('ip:a', WINDOW_MS)));
    expect(burst.map((hit) => hit.count)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await store.hit('ip:a', WINDOW_MS)).count).toBe(26);
    expect(await connections[0].get(`${prefix}ratelimit:ip:a`)).toBe('26');
  });

  it('counts two instances bursting on one counter exactly once each, in one window', async () => {
    const [one, two] = [instance(), instance()];
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).hit('user:7', WINDOW_MS)),
    );
    expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(new Set(hits.map((hit) => hit.resetAt)).size).toBeLessThanOrEqual(2);
    const ttl = await connections[0].pttl(`${prefix}ratelimit:user:7`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('keeps the counters of different callers apart within one burst', async () => {
    const store = instance();
    const hits = await Promise.all([
      store.hit('ip:a', WINDOW_MS),
      store.hit('ip:b', WINDOW_MS),
      store.hit('ip:a', WINDOW_MS),
    ]);
    expect(hits.map((hit) => hit.count)).toEqual([1, 1, 2]);
  });
});
