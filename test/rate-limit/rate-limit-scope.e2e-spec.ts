import { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Who shares an anonymous budget, and what is never limited: the README's promises, each on a small budget.
const BUDGET = 3;

async function statuses(client: HttpClient, count: number, path = '/api/v1/posts'): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await client.get(path)).status);
  return seen;
}

describe('Anonymous budgets without Redis (the in-process limiter)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: '', RATE_LIMIT_ANONYMOUS: String(BUDGET) } });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After once the budget is spent', async () => {
    expect(await statuses(t.http, BUDGET)).toEqual([200, 200, 200]);
    const limited = await t.http.get('/api/v1/posts');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  });

  it('never limits the API docs', async () => {
    // The budget of this address is spent (above): the docs still answer, without rate-limit headers.
    expect((await t.http.get('/api/v1/posts')).status).toBe(429);
    for (const path of ['/api/docs', '/api/docs-json']) {
      const responses = await Promise.all(Array.from({ length: BUDGET + 2 }, () => t.http.get(path)));
      expect(responses.map((response) => response.status)).toEqual(Array(BUDGET + 2).fill(200));
      expect(responses.every((response) => response.headers['x-ratelimit-limit'] === undefined)).toBe(true);
    }
  });
});

describe('Client addresses with TRUST_PROXY unset (false)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_ANONYMOUS: String(BUDGET) } });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: every made-up address spends the peer’s budget', async () => {
    let spoof = 0;
    const seen: number[] = [];
    for (let i = 0; i <= BUDGET; i++) {
      const client = t.http.as({ 'x-forwarded-for': `203.0.113.${++spoof}` });
      seen.push((await client.get('/api/v1/posts')).status);
    }
    expect(seen).toEqual([200, 200, 200, 429]);
  });
});

describe('IPv6 clients', () => {
  let t: TestApp;
  // The test connects over loopback, which TRUST_PROXY=loopback believes: X-Forwarded-For names the client.
  const from = (address: string) => t.http.as({ 'x-forwarded-for': address });
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback', RATE_LIMIT_ANONYMOUS: String(BUDGET) } });
  });
  afterAll(() => t.close());

  it('are counted per /64: addresses in one /64 share a budget, the next /64 has its own', async () => {
    const sameNetwork = [
      '2001:db8:1:2::1',
      '2001:db8:1:2::2',
      '2001:db8:1:2:ffff:ffff:ffff:fffe',
      '2001:db8:1:2::9',
    ];
    const seen: number[] = [];
    for (const address of sameNetwork) seen.push((await from(address).get('/api/v1/posts')).status);
    expect(seen).toEqual([200, 200, 200, 429]);

    const neighbour = await from('2001:db8:1:3::1').get('/api/v1/posts');
    expect(neighbour.status).toBe(200);
    expect(neighbour.headers['x-ratelimit-remaining']).toBe(String(BUDGET - 1));
  });
});
