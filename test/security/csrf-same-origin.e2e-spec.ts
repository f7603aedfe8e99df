import { cookieFrom, STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { buildUser } from '../support/factories.js';
import { ForwardingProxy } from '../support/forwarding-proxy.js';
import { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// PUBLIC_URL names one origin, but a browser may reach Hearth at another (http://127.0.0.1:3000 instead of
// localhost): a page served by the very origin the request goes to is same-origin, and passes the CSRF check.
const PUBLIC_URL = 'http://hearth.test';
const FRONT_END = 'https://app.partner.example';

describe('CSRF checks and same-origin browsers', () => {
  let t: TestApp;
  let ownOrigin: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL, CSRF_ALLOWED_ORIGINS: `${PUBLIC_URL},${FRONT_END}` } });
    ownOrigin = t.baseUrl; // http://127.0.0.1:<port>: scheme and Host of the requests below
  });
  afterAll(() => t.close());

  async function signIn(client: HttpClient, headers: Record<string, string>) {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    return client.post('/api/auth/login', { email: user.email, password: STRONG_PASSWORD }, { headers });
  }

  async function sessionCookie(): Promise<string> {
    return cookieFrom(await signIn(t.http, {}), 'hearth_session')!;
  }

  const write = (client: HttpClient, cookie: string, headers: Record<string, string>) =>
    client.post(
      '/api/v1/posts',
      { title: 'Same origin', body: 'Written' },
      { headers: { cookie, ...headers } },
    );

  it('signs in and writes from a page on the origin the request was sent to, though not PUBLIC_URL', async () => {
    const login = await signIn(t.http, { origin: ownOrigin, 'sec-fetch-site': 'same-origin' });
    expect(login.status).toBe(200);
    const cookie = cookieFrom(login, 'hearth_session')!;
    expect((await write(t.http, cookie, { origin: ownOrigin, 'sec-fetch-site': 'same-origin' })).status).toBe(
      201,
    );
    expect((await write(t.http, cookie, { referer: `${ownOrigin}/editor` })).status).toBe(201);
  });

  it('keeps the allow-list for cross-origin front ends, and refuses other origins', async () => {
    const cookie = await sessionCookie();
    expect((await write(t.http, cookie, { origin: FRONT_END, 'sec-fetch-site': 'cross-site' })).status).toBe(
      201,
    );
    const evil = await write(t.http, cookie, {
      origin: 'http://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('csrf_failed');
    // Same host, another scheme or port is another origin.
    const port = new URL(ownOrigin).port;
    expect((await write(t.http, cookie, { origin: `https://127.0.0.1:${port}` })).status).toBe(403);
    expect((await write(t.http, cookie, { origin: `http://127.0.0.1:${Number(port) + 1}` })).status).toBe(
      403,
    );
  });

  it('refuses a cookie-authenticated write marked Sec-Fetch-Site: cross-site that carries no Origin', async () => {
    const cookie = await sessionCookie();
    // Even with an allowed Referer: a browser always sends Origin on a cross-site write, so its absence is forged.
    const response = await write(t.http, cookie, {
      'sec-fetch-site': 'cross-site',
      referer: `${PUBLIC_URL}/`,
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
  });

  it('refuses a login marked Sec-Fetch-Site: cross-site that carries no Origin (login CSRF)', async () => {
    const response = await signIn(t.http, { 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
    expect(response.headers['set-cookie']?.some((line) => line.startsWith('hearth_session='))).toBeFalsy();
  });

  it('does not take the origin from X-Forwarded-Host or -Proto when no proxy is trusted', async () => {
    const cookie = await sessionCookie();
    const spoofed = await write(t.http, cookie, {
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(spoofed.status).toBe(403);
  });
});

describe('CSRF checks behind a trusted proxy', () => {
  let t: TestApp;
  let proxy: ForwardingProxy;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL, TRUST_PROXY: '1' } });
    // The public origin is https://hearth.example; TLS ends at the proxy.
    proxy = await ForwardingProxy.start(t.baseUrl, { proto: 'https', host: 'hearth.example' });
  });
  afterAll(async () => {
    await proxy.close();
    await t.close();
  });

  it('takes the origin the client used from the proxy (X-Forwarded-Proto and -Host)', async () => {
    const client = new HttpClient(proxy.baseUrl);
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const login = await client.post(
      '/api/auth/login',
      { email: user.email, password: STRONG_PASSWORD },
      { headers: { origin: 'https://hearth.example' } },
    );
    expect(login.status).toBe(200);
    const cookie = cookieFrom(login, 'hearth_session')!;
    const write = (origin: string) =>
      client.post('/api/v1/posts', { title: 'Proxied', body: 'Written' }, { headers: { cookie, origin } });
    expect((await write('https://hearth.example')).status).toBe(201);
    expect((await write('http://hearth.example')).status).toBe(403);
    expect((await write(proxy.baseUrl)).status).toBe(403);
  });
});
