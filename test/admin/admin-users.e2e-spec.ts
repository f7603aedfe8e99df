import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ADMIN_ROUTES: [string, string, unknown][] = [
  ['GET', '/api/admin/api-keys', null],
  ['POST', '/api/admin/api-keys', { name: 'x' }],
  ['DELETE', '/api/admin/api-keys/1', null],
  ['GET', '/api/admin/users', null],
  ['PATCH', '/api/admin/users/1', { role: 'admin' }],
];

describe('admin area', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(ADMIN_ROUTES)(
    '%s %s: anonymous 401, user and moderator 403, nothing changes',
    async (method, path, payload) => {
      const body = payload ?? undefined;
      const before = {
        keys: await t.prisma.apiKey.count(),
        admins: await t.prisma.user.count({ where: { role: 'admin' } }),
      };
      expect((await t.http.request(method, path, { body })).status).toBe(401);
      for (const role of ['user', 'moderator'] as const) {
        const headers = await authHeadersFor(t, await buildUser(t.prisma, { role }));
        const response = await t.http.request(method, path, { body, headers });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
      expect(await t.prisma.apiKey.count()).toBe(before.keys);
      expect(await t.prisma.user.count({ where: { role: 'admin' } })).toBe(before.admins);
    },
  );

  it('an admin lists users (no password hashes) and changes a role, which takes effect at once', async () => {
    const admin = await authHeadersFor(t, await buildUser(t.prisma, { role: 'admin' }));
    const target = await buildUser(t.prisma, { password: 'a-long-password-1' });
    const list = await t.http.get('/api/admin/users?page_size=100', { headers: admin });
    expect(list.status).toBe(200);
    expect(list.body.data.map((u: { id: number }) => u.id)).toContain(target.id);
    expect(list.text).not.toContain('argon2');
    expect(list.body.metadata.total_entries).toBeGreaterThanOrEqual(2);

    const changed = await t.http.patch(
      `/api/admin/users/${target.id}`,
      { role: 'moderator' },
      { headers: admin },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('moderator');
    const me = await t.http.get('/api/auth/me', { headers: await authHeadersFor(t, target) });
    expect(me.body.role).toBe('moderator');
  });

  it('refuses an unknown role (400) and an unknown user (404)', async () => {
    const admin = await authHeadersFor(t, await buildUser(t.prisma, { role: 'admin' }));
    const user = await buildUser(t.prisma);
    expect(
      (await t.http.patch(`/api/admin/users/${user.id}`, { role: 'root' }, { headers: admin })).status,
    ).toBe(400);
    expect((await t.http.patch('/api/admin/users/999999', { role: 'user' }, { headers: admin })).status).toBe(
      404,
    );
  });
});
