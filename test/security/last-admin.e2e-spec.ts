import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// An installation always keeps an admin: the last one can neither demote themselves nor be demoted, even when
// two admins demote each other at the same instant.

describe('The last admin', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Exactly these admins exist (this file's database is its own). */
  async function onlyAdmins(count: number): Promise<User[]> {
    await t.prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'user' } });
    return Promise.all(Array.from({ length: count }, () => buildUser(t.prisma, { role: 'admin' })));
  }

  const demote = async (actor: User, target: User) =>
    t.http.patch(
      `/api/admin/users/${target.id}`,
      { role: 'user' },
      { headers: await authHeadersFor(t, actor) },
    );
  const adminCount = () => t.prisma.user.count({ where: { role: 'admin' } });

  it('cannot demote themselves: 409 last_admin, and stays admin', async () => {
    const [admin] = await onlyAdmins(1);
    for (const role of ['user', 'moderator']) {
      const response = await t.http.patch(
        `/api/admin/users/${admin.id}`,
        { role },
        { headers: await authHeadersFor(t, admin) },
      );
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('last_admin');
    }
    expect(await adminCount()).toBe(1);
    // Re-stating the role is not a demotion.
    const same = await t.http.patch(
      `/api/admin/users/${admin.id}`,
      { role: 'admin' },
      { headers: await authHeadersFor(t, admin) },
    );
    expect(same.status).toBe(200);
  });

  it('can be demoted while another admin remains, then not', async () => {
    const [first, second] = await onlyAdmins(2);
    expect((await demote(first, second)).status).toBe(200);
    const last = await demote(first, first);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_admin');
    expect(await adminCount()).toBe(1);
  });

  it('two admins demoting each other at once leave exactly one admin', async () => {
    for (let round = 0; round < 8; round += 1) {
      const [first, second] = await onlyAdmins(2);
      const [a, b] = await Promise.all([demote(first, second), demote(second, first)]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      // The loser is refused by the last-admin rule, or (if the winner committed before it was even authorized)
      // by its own, already lowered, role.
      expect([403, 409]).toContain(statuses[1]);
      expect(await adminCount()).toBe(1);
    }
  });
});
