import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { COUNTER_STORES, STRONG_PASSWORD } from './auth-test-helpers.js';

describe.each(COUNTER_STORES)('Brute-force protection (%s)', (_name, storeEnv) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...storeEnv,
        // Each test plays a different client IP through X-Forwarded-For.
        TRUST_PROXY: 'true',
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '8',
        AUTH_FORGOT_MAX_PER_ACCOUNT: '2',
        AUTH_FORGOT_MAX_PER_IP: '4',
      },
    });
  });
  afterAll(() => t.close());

  let clientNumber = 0;
  let client: TestApp['http'];
  beforeEach(() => {
    clientNumber += 1;
    client = t.http.as({ 'x-forwarded-for': `203.0.113.${clientNumber}` });
  });

  const attempt = (path: 'login' | 'token', email: string, password: string) =>
    client.post(`/api/auth/${path}`, { email, password });

  it('locks an account after repeated failures, even against the right password, with Retry-After', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    for (let i = 0; i < 3; i++) {
      expect((await attempt(i % 2 ? 'token' : 'login', user.email, 'wrong guess')).status).toBe(401);
    }
    for (const path of ['login', 'token'] as const) {
      const blocked = await attempt(path, user.email.toUpperCase(), STRONG_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('rate_limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
    }
  });

  it('clears an account count after a successful sign-in', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    await attempt('login', user.email, 'wrong guess');
    await attempt('login', user.email, 'wrong guess');
    expect((await attempt('login', user.email, STRONG_PASSWORD)).status).toBe(200);
    await attempt('login', user.email, 'wrong guess');
    await attempt('login', user.email, 'wrong guess');
    expect((await attempt('login', user.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('limits failures per client IP across many accounts, including unknown ones', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await attempt('token', `spray-${i}-${Date.now()}@example.test`, 'password1')).status).toBe(401);
    }
    const fresh = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const blocked = await attempt('login', fresh.email, STRONG_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('limits password-reset requests per account and per IP with the same 429', async () => {
    const user = await buildUser(t.prisma);
    const forgot = (email: string) => client.post('/api/auth/password/forgot', { email });
    expect((await forgot(user.email)).status).toBe(202);
    expect((await forgot(user.email)).status).toBe(202);
    const perAccount = await forgot(user.email);
    expect(perAccount.status).toBe(429);
    expect(perAccount.body.error.code).toBe('rate_limited');
    expect(Number(perAccount.headers['retry-after'])).toBeGreaterThan(0);

    // 3 of the IP's 4 requests are spent; the next new address is the last one allowed.
    expect((await forgot(`other-${Date.now()}@example.test`)).status).toBe(202);
    const perIp = await forgot(`another-${Date.now()}@example.test`);
    expect(perIp.status).toBe(429);
  });

  it('counts each client IP separately', async () => {
    for (let i = 0; i < 8; i++) await attempt('token', `spray-${i}-${Date.now()}@example.test`, 'password1');
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const elsewhere = t.http.as({ 'x-forwarded-for': '198.51.100.7' });
    expect(
      (await elsewhere.post('/api/auth/login', { email: user.email, password: STRONG_PASSWORD })).status,
    ).toBe(200);
  });
});
