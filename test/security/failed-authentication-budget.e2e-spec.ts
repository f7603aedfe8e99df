import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A request whose credential fails is an anonymous request from its address: it spends that address's budget
// and says so in the rate-limit headers, so guessing tokens, keys or session ids is rate limited like anything else.
describe('Requests that fail authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', RATE_LIMIT_ANONYMOUS: '4' } });
  });
  afterAll(() => t.close());

  let address = 0;
  let client: HttpClient;
  beforeEach(() => {
    address += 1;
    client = t.http.as({ 'x-forwarded-for': `203.0.113.${address}` });
  });

  const badCredentials: [string, Record<string, string>][] = [
    ['a bad bearer token', { authorization: 'Bearer not-a-real-token' }],
    ['an unknown API key', { 'x-api-key': `hk_000000000000_${'x'.repeat(32)}` }],
    ['an unknown session cookie', { cookie: 'hearth_session=not-a-session' }],
  ];

  it.each(badCredentials)(
    '%s on a protected route: 401 with the anonymous budget counting down, then 429',
    async (_name, credential) => {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await client.get('/api/auth/me', { headers: credential }));
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 429]);
      expect(answers.map((answer) => answer.headers['x-ratelimit-remaining'])).toEqual([
        '3',
        '2',
        '1',
        '0',
        '0',
      ]);
      for (const answer of answers) {
        expect(answer.headers['x-ratelimit-limit']).toBe('4');
        expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
      }
      expect(answers[4].body.error.code).toBe('rate_limited');
      expect(Number(answers[4].headers['retry-after'])).toBeGreaterThan(0);
    },
  );

  it('failed credentials and plain anonymous requests from one address share one budget', async () => {
    const [bearer, apiKey, cookie] = badCredentials.map(([, credential]) => credential);
    expect((await client.get('/api/v1/posts', { headers: bearer })).status).toBe(401);
    expect((await client.get('/api/v1/posts', { headers: apiKey })).status).toBe(401);
    expect((await client.post('/api/v1/posts', { title: 't', body: 'b' }, { headers: cookie })).status).toBe(
      401,
    );
    const anonymous = await client.get('/api/v1/posts');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['x-ratelimit-remaining']).toBe('0');
    expect((await client.get('/api/v1/posts')).status).toBe(429);
  });
});
