import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { RedisConnections } from '../../src/infra/redis/redis-connections.js';
import type { HttpResponse } from '../support/http.js';
import { reportMeasured } from '../support/report.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TcpProxy } from './tcp-proxy.js';

// Every rate-limit step below waits at most for the limiter's Redis command timeout (500 ms); the times are
// reported, not asserted.

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

/** Resolves once `connection` has started `count` reconnection attempts. */
function reconnectionAttempts(connection: Redis, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onReconnecting = () => {
      if (++seen < count) return;
      connection.off('reconnecting', onReconnecting);
      resolve();
    };
    connection.on('reconnecting', onReconnecting);
  });
}

withRedis('rate limits while Redis goes away and comes back', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let closed = false;
  const connections = new Map<string, Redis>();

  beforeAll(async () => {
    // Keep the app's Redis connections by name, to wait for the limiter's own one to come back.
    const open = RedisConnections.prototype.open;
    const spy = jest.spyOn(RedisConnections.prototype, 'open').mockImplementation(function (
      this: RedisConnections,
      ...args: Parameters<RedisConnections['open']>
    ) {
      const connection = open.apply(this, args);
      connections.set(args[0], connection);
      return connection;
    });
    // Every Redis connection of the app goes through a proxy the test can cut, as a network failure would.
    const redis = new URL(process.env.REDIS_URL!);
    proxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
    redis.host = `127.0.0.1:${proxy.port}`;
    t = await startTestApp({ env: { REDIS_URL: redis.toString(), RATE_LIMIT_ANONYMOUS: '3' } });
    spy.mockRestore();
  });

  afterAll(async () => {
    if (!closed) await t?.close();
    await proxy?.close();
  });

  async function timedGet(path: string): Promise<HttpResponse & { ms: number }> {
    const started = Date.now();
    const response = await t.http.get(path);
    return { ...response, ms: Date.now() - started };
  }

  it('serves requests without limits while Redis is unreachable, and limits them again once it is back', async () => {
    const before = [];
    for (let i = 0; i < 4; i++) before.push((await t.http.get('/api/v1/posts')).status);
    expect(before).toEqual([200, 200, 200, 429]);

    const warn = jest.spyOn(Logger.prototype, 'warn');
    await proxy.cut();
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await timedGet('/api/v1/posts'));
    expect(during.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(during.every((response) => response.headers['x-ratelimit-limit'] === undefined)).toBe(true);
    // One warning for the outage, not one per request.
    const notLimited = warn.mock.calls.filter(([message]) => String(message).includes('not rate limited'));
    expect(notLimited).toHaveLength(1);
    warn.mockRestore();
    // Served before Redis came back (a request waiting for it would never have answered): how fast is reported.
    reportMeasured('rate-limit redis outage', {
      servedWithoutRedisMs: during.map((response) => response.ms),
    });

    const reconnected = once(connections.get('rate-limit')!, 'ready');
    await proxy.restore();
    await reconnected;
    // Redis kept the count from before the outage: this caller is still over its budget.
    const after = await t.http.get('/api/v1/posts');
    expect(after.status).toBe(429);
    expect(after.body.error.code).toBe('rate_limited');
    expect(after.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('shuts down while Redis is unreachable (time reported)', async () => {
    // Past the first failed attempt, every connection (BullMQ's too) waits between reconnection attempts: the
    // state in which closing used to hang.
    const retrying = reconnectionAttempts(t.app.get(RedisConnections).client, 2);
    await proxy.cut();
    await retrying;
    const started = Date.now();
    await t.close();
    closed = true;
    reportMeasured('rate-limit redis outage', { shutdownWithoutRedisMs: Date.now() - started });
  });
});
