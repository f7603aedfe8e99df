import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { burst } from './burst.js';

async function issueKey(t: TestApp, rateLimitPerHour: number): Promise<string> {
  const admin = await buildUser(t.prisma, { role: 'admin' });
  const response = await t.http.post(
    '/api/admin/api-keys',
    { name: 'burst', rate_limit_per_hour: rateLimitPerHour },
    { headers: await authHeadersFor(t, admin) },
  );
  expect(response.status).toBe(201);
  return response.body.key;
}

function expectExactBudget(results: Awaited<ReturnType<typeof burst>>, budget: number) {
  const ok = results.filter((r) => r.status === 200);
  const limited = results.filter((r) => r.status === 429);
  expect(ok).toHaveLength(budget);
  expect(limited).toHaveLength(results.length - budget);
  // Every success saw a distinct count: the remaining values are exactly budget-1 … 0.
  expect(ok.map((r) => r.remaining).sort((a, b) => a! - b!)).toEqual(
    Array.from({ length: budget }, (_, i) => i),
  );
  expect(results.every((r) => r.limit === budget && r.reset! > Date.now() / 1000)).toBe(true);
  expect(limited.every((r) => r.code === 'rate_limited' && r.remaining === 0 && r.retryAfter! >= 1)).toBe(
    true,
  );
}

describe('rate limits', () => {
  describe('one instance', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('1000 concurrent requests with a key whose budget is 600: exactly 600 pass, 400 get 429', async () => {
      const key = await issueKey(t, 600);
      expectExactBudget(await burst([t.baseUrl], '/api/auth/me', { 'x-api-key': key }, 1000), 600);
    });

    it('anonymous clients and signed-in users each get the configured budget', async () => {
      const anonymous = await t.http.get('/api/v1/posts');
      expect(anonymous.headers['x-ratelimit-limit']).toBe(String(t.config.rateLimits.anonymous));
      const user = await buildUser(t.prisma);
      const signedIn = await t.http.get('/api/v1/posts', { headers: await authHeadersFor(t, user) });
      expect(signedIn.headers['x-ratelimit-limit']).toBe(String(t.config.rateLimits.user));
      expect(Number(signedIn.headers['x-ratelimit-remaining'])).toBe(t.config.rateLimits.user - 1);
    });

    it('health checks are never limited', async () => {
      const response = await t.http.get('/health');
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    });
  });

  describe('small budgets', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_ANONYMOUS: '3', RATE_LIMIT_USER: '4' } });
    });
    afterAll(() => t.close());

    const statuses = async (count: number, headers: Record<string, string> = {}) => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await t.http.get('/api/v1/posts', { headers })).status);
      return seen;
    };

    it('anonymous clients and signed-in users are counted apart: exhausting one leaves the other whole', async () => {
      const [alice, bob] = [await buildUser(t.prisma), await buildUser(t.prisma)];
      const asAlice = await authHeadersFor(t, alice);
      expect(await statuses(4)).toEqual([200, 200, 200, 429]);

      const untouched = await t.http.get('/api/v1/posts', { headers: asAlice });
      expect(untouched.status).toBe(200);
      expect(untouched.headers['x-ratelimit-remaining']).toBe('3');

      // A signed-in user gets 429 on their own budget, from the same address; others keep theirs.
      expect(await statuses(4, asAlice)).toEqual([200, 200, 200, 429]);
      const limited = await t.http.get('/api/v1/posts', { headers: asAlice });
      expect(limited.body.error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      const other = await t.http.get('/api/v1/posts', { headers: await authHeadersFor(t, bob) });
      expect(other.status).toBe(200);
      expect(other.headers['x-ratelimit-remaining']).toBe('3');
      expect((await t.http.get('/api/v1/posts')).status).toBe(429);
    });
  });

  describe('a short window', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_WINDOW_SECONDS: '2', RATE_LIMIT_ANONYMOUS: '3' } });
    });
    afterAll(() => t.close());

    it('resets: after the window ends the budget is whole again', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.http.get('/api/v1/posts')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // Wait for the end of the window the limiter announced (X-RateLimit-Reset, epoch seconds rounded up).
      const limited = await t.http.get('/api/v1/posts');
      expect(limited.status).toBe(429);
      const resetAt = Number(limited.headers['x-ratelimit-reset']) * 1_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, resetAt - Date.now())));
      const after = await t.http.get('/api/v1/posts');
      expect(after.status).toBe(200);
      expect(after.headers['x-ratelimit-remaining']).toBe('2');
    });
  });

  describe('turned off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_ANONYMOUS: '1' } });
    });
    afterAll(() => t.close());

    it('limits nothing and sends no rate-limit headers', async () => {
      const answers = [await t.http.get('/api/v1/posts'), await t.http.get('/api/v1/posts')];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.every((answer) => answer.headers['x-ratelimit-limit'] === undefined)).toBe(true);
    });
  });

  const withRedis = process.env.REDIS_URL ? describe : describe.skip;
  withRedis('two instances sharing Redis', () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      first = await startTestApp();
      second = await startTestApp({
        database: first.database,
        env: { REDIS_KEY_PREFIX: first.config.redis.keyPrefix },
      });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('share one exact budget: 1000 requests split across both, 600 pass', async () => {
      const key = await issueKey(first, 600);
      expectExactBudget(
        await burst([first.baseUrl, second.baseUrl], '/api/auth/me', { 'x-api-key': key }, 1000),
        600,
      );
    });
  });
});
