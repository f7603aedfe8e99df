import { cookieFrom, COUNTER_STORES, STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const KNOWN_DEVICE_COOKIE = 'hearth_device';

describe.each(COUNTER_STORES)('Sign-in limits that bound (%s)', (_name, storeEnv) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...storeEnv,
        // Each test plays its clients' addresses through X-Forwarded-For.
        TRUST_PROXY: 'true',
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '30',
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_IPS: '12',
        AUTH_FORGOT_MAX_PER_ACCOUNT: '3',
      },
    });
  });
  afterAll(() => t.close());

  let network = 0;
  /** A client at a fresh address (a new /24 for each test, so tests do not share per-IP counts). */
  const clientAt = (host: number): HttpClient =>
    t.http.as({ 'x-forwarded-for': `10.${Math.floor(network / 250)}.${network % 250}.${host}` });
  beforeEach(() => {
    network += 1;
  });

  const guess = (client: HttpClient, path: 'login' | 'token', email: string, password = 'wrong guess') =>
    client.post(`/api/auth/${path}`, { email, password });

  it.each(['login', 'token'] as const)(
    '%s: 12 concurrent wrong guesses with a limit of 5 → at most 5 are checked (401), the rest 429',
    async (path) => {
      const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
      const client = clientAt(1);
      const answers = await Promise.all(Array.from({ length: 12 }, () => guess(client, path, user.email)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      // The account stays locked for this client, even with the right password.
      expect((await guess(client, path, user.email, STRONG_PASSWORD)).status).toBe(429);
    },
  );

  it('forgot: 12 concurrent requests with a limit of 3 → exactly 3 are accepted', async () => {
    const user = await buildUser(t.prisma);
    const client = clientAt(1);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => client.post('/api/auth/password/forgot', { email: user.email })),
    );
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(9);
  });

  it('an attacker at one address does not lock the owner out at another', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const attacker = clientAt(66);
    for (let i = 0; i < 6; i++) await guess(attacker, 'login', user.email);
    expect((await guess(attacker, 'login', user.email, STRONG_PASSWORD)).status).toBe(429);
    expect((await guess(clientAt(1), 'login', user.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('attackers at many addresses are bounded per account, and do not lock out the owner on a known client', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const owner = clientAt(1);
    const first = await guess(owner, 'login', user.email, STRONG_PASSWORD);
    expect(first.status).toBe(200);
    const knownDevice = cookieFrom(first, KNOWN_DEVICE_COOKIE);
    expect(knownDevice).toBeDefined();

    // 10 addresses × 5 guesses: the account takes at most 12 checked failures from clients it does not know.
    const statuses: number[] = [];
    for (let host = 100; host < 110; host++) {
      for (let i = 0; i < 5; i++) statuses.push((await guess(clientAt(host), 'login', user.email)).status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429)).toHaveLength(38);
    expect((await guess(clientAt(200), 'token', user.email, STRONG_PASSWORD)).status).toBe(429);

    // The owner's browser (known device cookie) still signs in, from its usual address or a new one.
    const fromKnownDevice = owner.as({ cookie: knownDevice! });
    expect((await guess(fromKnownDevice, 'login', user.email, STRONG_PASSWORD)).status).toBe(200);
    const travelling = clientAt(201).as({ cookie: knownDevice! });
    expect((await guess(travelling, 'token', user.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it("a known device cookie is bound to its account and limited on its own: it does not lift another account's limits", async () => {
    const owner = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const victim = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const attacker = clientAt(66);
    const signedIn = await guess(attacker, 'login', owner.email, STRONG_PASSWORD);
    const ownDevice = attacker.as({ cookie: cookieFrom(signedIn, KNOWN_DEVICE_COOKIE)! });

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await guess(ownDevice, 'login', victim.email)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    for (let i = 0; i < 6; i++) await guess(ownDevice, 'login', owner.email);
    expect((await guess(ownDevice, 'login', owner.email, STRONG_PASSWORD)).status).toBe(429);
  });
});
