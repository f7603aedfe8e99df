import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { authHeadersFor, sessionCookieFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// API keys are for partners' automation. They act as a user, but never as a person: they cannot mint socket
// tokens (a JWT that would escape the key's rate limit and outlive its revocation), cannot do admin work (which
// would also let keys mint keys), and cannot sign their user out everywhere.

const ORIGIN = 'http://hearth.test';

describe('What an API key may not do', () => {
  let t: TestApp;
  let adminKey: string;
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: ORIGIN } });
    const admin = await buildUser(t.prisma, { role: 'admin', password: STRONG_PASSWORD });
    adminHeaders = await authHeadersFor(t, admin);
    const created = await t.http.post(
      '/api/admin/api-keys',
      { name: 'automation' },
      { headers: adminHeaders },
    );
    expect(created.status).toBe(201);
    adminKey = created.body.key;
  });
  afterAll(() => t.close());

  it('GET /api/auth/socket-token: 403 api_key_forbidden for a key; cookie sessions and bearer users get a token', async () => {
    const refused = await t.http.get('/api/auth/socket-token', { headers: { 'x-api-key': adminKey } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('api_key_forbidden');
    expect(refused.body).not.toHaveProperty('token');

    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, ORIGIN);
    expect((await t.http.get('/api/auth/socket-token', { headers: { cookie } })).status).toBe(200);
    const viaBearer = await t.http.get('/api/auth/socket-token', { headers: await authHeadersFor(t, user) });
    expect(viaBearer.status).toBe(200);
  });

  it('every /api/admin route of the OpenAPI document answers 403 api_key_forbidden to an admin’s key, and changes nothing', async () => {
    const document = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => [method.toUpperCase(), path]));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    const target = await buildUser(t.prisma);
    const before = { keys: await t.prisma.apiKey.count(), role: target.role };

    for (const [method, template] of routes) {
      const path = template.replace(/\{[^}]+\}/g, String(target.id));
      const body =
        method === 'PATCH' ? { role: 'admin' } : method === 'POST' ? { name: 'minted by a key' } : undefined;
      const response = await t.http.request(method, path, { headers: { 'x-api-key': adminKey }, body });
      expect({
        route: `${method} ${template}`,
        status: response.status,
        code: response.body?.error?.code,
      }).toEqual({
        route: `${method} ${template}`,
        status: 403,
        code: 'api_key_forbidden',
      });
    }
    expect(await t.prisma.apiKey.count()).toBe(before.keys);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe(before.role);
    // The same admin, as a person, still does admin work.
    expect((await t.http.get('/api/admin/users', { headers: adminHeaders })).status).toBe(200);
  });

  it('a key cannot sign its user out everywhere', async () => {
    const response = await t.http.post('/api/auth/logout-all', undefined, {
      headers: { 'x-api-key': adminKey },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('api_key_forbidden');
    expect((await t.http.get('/api/auth/me', { headers: adminHeaders })).status).toBe(200);
  });
});
