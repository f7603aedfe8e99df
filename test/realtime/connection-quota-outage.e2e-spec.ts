import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { RedisConnectionQuota } from '../../src/realtime/limits/redis.connection-quota.js';
import {
  presenceInstancesKey,
  RedisPresenceStore,
} from '../../src/realtime/presence/redis.presence-store.js';
import { TcpProxy } from '../rate-limit/tcp-proxy.js';

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

// A socket that closes while Redis is away cannot give its place back then; it must not count against its user
// for as long as the instance lives. The quota talks to Redis through a proxy the test cuts and restores.
withRedis('Connection places across a Redis outage', () => {
  const prefix = `hearth_test:quota-outage:${randomUUID()}:`;
  const instanceId = randomUUID();
  let proxy: TcpProxy;
  let direct: Redis;
  let throughProxy: Redis;
  let presence: RedisPresenceStore;
  let quota: RedisConnectionQuota;

  beforeAll(async () => {
    const url = new URL(process.env.REDIS_URL!);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 6379) });
    direct = new Redis(process.env.REDIS_URL!);
    throughProxy = new Redis({
      host: '127.0.0.1',
      port: proxy.port,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 50,
    });
    throughProxy.on('error', () => undefined);
    presence = new RedisPresenceStore(direct, prefix, { heartbeatMs: 30_000, ttlMs: 60_000 }, instanceId);
    await presence.start();
    quota = new RedisConnectionQuota(throughProxy, {
      keyPrefix: prefix,
      instanceId,
      instancesKey: presenceInstancesKey(prefix),
      ttlMs: 60_000,
    });
  });
  afterAll(async () => {
    await presence.stop();
    const keys = await direct.keys(`${prefix}*`);
    if (keys.length > 0) await direct.del(...keys);
    throughProxy.disconnect();
    await direct.quit();
    await proxy.close();
  });

  it('hands back, once Redis returns, a place released while it was away', async () => {
    expect(await quota.acquire(1, 'c1', 1)).toBe(true);
    expect(await quota.acquire(1, 'c2', 1)).toBe(false);

    const lost = once(throughProxy, 'close');
    await proxy.cut();
    await lost;
    await expect(quota.release(1, 'c1')).rejects.toThrow();
    await expect(quota.acquire(1, 'c3', 1)).rejects.toThrow();

    const back = once(throughProxy, 'ready');
    await proxy.restore();
    await back;
    // The place is handed back as the connection becomes ready; a command sent after it on the same connection
    // is answered after it.
    await throughProxy.ping();
    const hash = `${prefix}connections:user:1`;
    expect(await direct.hlen(hash)).toBe(0);
    expect(await quota.acquire(1, 'c4', 1)).toBe(true);
  });
});
