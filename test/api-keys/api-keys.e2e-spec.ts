import { createHash } from 'node:crypto';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('API keys issued by admins', () => {
  let t: TestApp;
  let admin: User;
  let adminHeaders: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await buildUser(t.prisma, { role: 'admin' });
    adminHeaders = await authHeadersFor(t, admin);
  });
  afterAll(() => t.close());

  it('creates a key shown once, stored only as a hash, and lists keys without secrets', async () => {
    const created = await t.http.post('/api/admin/api-keys', { name: 'Partner' }, { headers: adminHeaders });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Partner',
      key: expect.stringMatching(/^hk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/),
      prefix: created.body.key.split('_')[1],
      rate_limit_per_hour: 1000,
      created_at: expect.any(String),
    });
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.keyHash).toBe(createHash('sha256').update(created.body.key).digest('hex'));
    const list = await t.http.get('/api/admin/api-keys', { headers: adminHeaders });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(created.body.key);
    expect(list.text).not.toContain(row.keyHash);
    expect(list.body.data[0]).toMatchObject({
      id: created.body.id,
      prefix: created.body.prefix,
      revoked_at: null,
    });
  });

  it('a key owned by a user acts as that user; without owner it acts as the issuing admin', async () => {
    const owner = await buildUser(t.prisma);
    const owned = await t.http.post(
      '/api/admin/api-keys',
      { name: 'Owned', user_id: owner.id },
      { headers: adminHeaders },
    );
    const me = await t.http.get('/api/auth/me', { headers: { 'x-api-key': owned.body.key } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(owner.id);
    const post = await t.http.post(
      '/api/v1/posts',
      { title: 'By key', body: 'x' },
      { headers: { 'x-api-key': owned.body.key } },
    );
    expect(post.status).toBe(201);
    expect((await t.prisma.post.findUniqueOrThrow({ where: { id: post.body.id } })).authorId).toBe(owner.id);

    const unowned = await t.http.post('/api/admin/api-keys', { name: 'Unowned' }, { headers: adminHeaders });
    expect(unowned.status).toBe(201);
    const asIssuer = await t.http.get('/api/auth/me', { headers: { 'x-api-key': unowned.body.key } });
    expect(asIssuer.status).toBe(200);
    expect(asIssuer.body).toMatchObject({ id: admin.id, email: admin.email, role: 'admin' });
  });

  it('unknown, malformed and revoked keys get 401 invalid_api_key; revocation holds at once', async () => {
    const created = await t.http.post(
      '/api/admin/api-keys',
      { name: 'Soon gone' },
      { headers: adminHeaders },
    );
    const key = created.body.key as string;
    expect((await t.http.get('/api/auth/me', { headers: { 'x-api-key': key } })).status).toBe(200);
    expect(
      (await t.http.delete(`/api/admin/api-keys/${created.body.id}`, { headers: adminHeaders })).status,
    ).toBe(204);
    for (const bad of [key, 'nonsense', `${key.slice(0, -1)}x`]) {
      const response = await t.http.get('/api/v1/posts', { headers: { 'x-api-key': bad } });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('invalid_api_key');
    }
    expect((await t.http.delete('/api/admin/api-keys/999999', { headers: adminHeaders })).status).toBe(404);
  });

  it('refuses bad input and an unknown owner, creating nothing', async () => {
    const before = await t.prisma.apiKey.count();
    const bad = await t.http.post(
      '/api/admin/api-keys',
      { name: '', rate_limit_per_hour: 0, extra: 1 },
      { headers: adminHeaders },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['name', 'rate_limit_per_hour', 'extra']),
    );
    const unknownOwner = await t.http.post(
      '/api/admin/api-keys',
      { name: 'x', user_id: 987654 },
      { headers: adminHeaders },
    );
    expect(unknownOwner.status).toBe(422);
    expect(await t.prisma.apiKey.count()).toBe(before);
  });

  it('moves last_used_at off the request path, at most once a minute per key and instance', async () => {
    const issue = async (name: string) =>
      (await t.http.post('/api/admin/api-keys', { name }, { headers: adminHeaders })).body;
    const lastUsed = async (id: number) =>
      (await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    /** The key's last_used_at once the write issued for it has landed (it is not awaited by the request). */
    const landed = async (id: number) => {
      for (let attempt = 0; attempt < 1_000; attempt++) {
        const value = await lastUsed(id);
        if (value) return value;
      }
      throw new Error(`last_used_at of key ${id} was never written`);
    };
    const key = await issue('Touched');
    expect(await lastUsed(key.id)).toBeNull();
    expect((await t.http.get('/api/auth/me', { headers: { 'x-api-key': key.key } })).status).toBe(200);
    const first = await landed(key.id);

    // Clear it and use the key again within the minute: no second write. A first use of another key, made after
    // it, is the sentinel: once its write has landed, a second write for the first key would have been issued too.
    await t.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: null } });
    expect((await t.http.get('/api/auth/me', { headers: { 'x-api-key': key.key } })).status).toBe(200);
    const sentinel = await issue('Sentinel');
    expect((await t.http.get('/api/auth/me', { headers: { 'x-api-key': sentinel.key } })).status).toBe(200);
    expect((await landed(sentinel.id)).getTime()).toBeGreaterThanOrEqual(first.getTime());
    expect(await lastUsed(key.id)).toBeNull();
  });

  // Keys are checked against the database on every request, so revocation needs no Redis between instances.
  it('revocation on one instance stops the key on another at once, without Redis', async () => {
    const [one, two] = [
      await startTestApp({ database: t.database, env: { REDIS_URL: '' } }),
      await startTestApp({ database: t.database, env: { REDIS_URL: '' } }),
    ];
    try {
      const headersOnOne = await authHeadersFor(one, admin);
      const created = await one.http.post(
        '/api/admin/api-keys',
        { name: 'Apart' },
        { headers: headersOnOne },
      );
      const headers = { 'x-api-key': created.body.key };
      expect((await two.http.get('/api/auth/me', { headers })).status).toBe(200);
      await one.http.delete(`/api/admin/api-keys/${created.body.id}`, { headers: headersOnOne });
      expect((await two.http.get('/api/auth/me', { headers })).status).toBe(401);
    } finally {
      await two.close();
      await one.close();
    }
  });

  const withRedis = process.env.REDIS_URL ? it : it.skip;
  withRedis('revocation on one instance stops the key on another at once', async () => {
    const other = await startTestApp({
      database: t.database,
      env: { REDIS_KEY_PREFIX: t.config.redis.keyPrefix },
    });
    try {
      const created = await t.http.post('/api/admin/api-keys', { name: 'Shared' }, { headers: adminHeaders });
      const headers = { 'x-api-key': created.body.key };
      expect((await other.http.get('/api/auth/me', { headers })).status).toBe(200);
      await t.http.delete(`/api/admin/api-keys/${created.body.id}`, { headers: adminHeaders });
      expect((await other.http.get('/api/auth/me', { headers })).status).toBe(401);
      expect((await t.http.get('/api/auth/me', { headers })).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
