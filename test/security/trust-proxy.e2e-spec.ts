import { ForwardingProxy } from '../support/forwarding-proxy.js';
import { HttpClient } from '../support/http.js';
import { startTestApp } from '../support/test-app.js';

const PROXY_ADDRESS = '127.0.0.2';

/** A Hearth behind one forwarding proxy; `use` gets a client that reaches it only through the proxy. */
async function behindProxy(env: Record<string, string>, use: (client: HttpClient) => Promise<void>) {
  const t = await startTestApp({ env });
  // The proxy reaches the app from 127.0.0.2; clients (the test) connect to it from 127.0.0.1.
  const proxy = await ForwardingProxy.start(t.baseUrl, { localAddress: PROXY_ADDRESS });
  try {
    await use(new HttpClient(proxy.baseUrl));
  } finally {
    await proxy.close();
    await t.close();
  }
}

let spoofs = 0;
/** Every request claims, in the leftmost X-Forwarded-For entry, to come from another address. */
const spoofing = (client: HttpClient) =>
  client.as({ 'x-forwarded-for': `198.51.100.${(++spoofs % 250) + 1}` });

// Behind one proxy that appends the real peer to X-Forwarded-For, a client that makes up its own leftmost entry
// (a new one on every request) is still counted as the address the proxy saw.
describe.each([
  ['a hop count (TRUST_PROXY=1)', '1'],
  ['a list of proxy addresses (TRUST_PROXY=127.0.0.2,10.0.0.0/8)', `${PROXY_ADDRESS}, 10.0.0.0/8`],
])('Client addresses behind a proxy trusted by %s', (_name, trustProxy) => {
  it('a made-up X-Forwarded-For entry does not pick a fresh anonymous rate-limit budget', async () => {
    await behindProxy({ TRUST_PROXY: trustProxy, RATE_LIMIT_ANONYMOUS: '3' }, async (client) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await spoofing(client).get('/api/v1/posts')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });

  it('a made-up X-Forwarded-For entry does not escape the per-IP sign-in limit', async () => {
    const env = { TRUST_PROXY: trustProxy, AUTH_LOGIN_MAX_FAILURES_PER_IP: '4' };
    await behindProxy(env, async (client) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const guess = { email: `nobody-${i}@example.test`, password: 'a wrong password' };
        statuses.push((await spoofing(client).post('/api/auth/token', guess)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    });
  });
});
