import { randomUUID } from 'node:crypto';
import type { User } from '../../src/generated/prisma/client.js';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { authHeadersFor, sessionCookieFor } from '../support/auth.js';
import { buildComment, buildPost, buildProduct, buildUser } from '../support/factories.js';
import { openEventStream } from '../support/sse.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { localDiskBackend, type StorageBackend } from '../support/storage.js';
import { pngBytes, postFiles } from '../uploads/upload-fixtures.js';
import { apiKeyFor } from './account-helpers.js';

// DELETE /api/auth/account: the person proves it is them, and the account goes with everything that was only
// theirs, in the database and in storage. Posts and comments are removed (not kept under a "deleted user"), each
// published post announced as deleted; paid orders stay for accounting without the user reference.

describe('Deleting your account', () => {
  let t: TestApp;
  let storage: StorageBackend;
  let origin: string;

  beforeAll(async () => {
    storage = await localDiskBackend();
    t = await startTestApp({ env: storage.env });
    origin = t.config.http.publicUrl;
  });
  afterAll(async () => {
    await t?.close();
    await storage?.close();
  });

  const deleteAccount = (headers: Record<string, string>, body?: unknown) =>
    t.http.delete('/api/auth/account', { headers: { origin, ...headers }, body });

  /** Counts rows of every table whose text mentions `needle`: the account's traces, wherever they might hide. */
  async function tablesMentioning(needle: string): Promise<Record<string, number>> {
    const tables = await t.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const [{ count }] = await t.prisma.$queryRawUnsafe<{ count: bigint }[]>(
        `SELECT count(*) AS count FROM "${name}" AS row WHERE row::text LIKE '%' || $1 || '%'`,
        needle,
      );
      if (count > 0n) found[name] = Number(count);
    }
    return found;
  }

  /** A user with something in every table that can hold their data; `marker` is written into all of it. */
  async function busyAccount(marker: string) {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD, email: `${marker}@example.test` });
    const client = t.http.as(await authHeadersFor(t, user));
    const published = await client.post('/api/v2/posts', {
      title: `${marker} title`,
      body: `${marker} body`,
    });
    const draft = await client.post('/api/v2/posts', {
      title: `${marker} draft`,
      body: 'x',
      published: false,
    });
    const edited = await client.patch(`/api/v2/posts/${published.body.data.id}`, {
      body: `${marker} edited`,
    });
    expect([published.status, draft.status, edited.status]).toEqual([201, 201, 200]);
    const stranger = await buildUser(t.prisma);
    const strangersPost = await buildPost(t.prisma, { authorId: stranger.id, likesCount: 0 });
    expect((await client.post(`/api/v2/posts/${strangersPost.id}/like`)).body.likes).toBe(1);
    await buildComment(t.prisma, { postId: strangersPost.id, authorId: user.id, body: `${marker} comment` });
    await buildComment(t.prisma, { postId: Number(published.body.data.id), authorId: stranger.id });
    await t.prisma.oAuthIdentity.create({
      data: { userId: user.id, provider: 'github', providerUserId: marker, email: `${marker}@example.test` },
    });
    await t.prisma.topicMember.create({ data: { topic: `private:${marker}`, userId: user.id } });
    await t.prisma.job.create({ data: { ownerId: user.id, kind: 'search', input: { query: marker } } });
    const product = await buildProduct(t.prisma, { priceCents: 700 });
    expect((await client.post('/api/cart/items', { product_id: product.id, quantity: 1 })).status).toBe(200);
    const paid = await client.post('/api/orders', undefined, { headers: { 'idempotency-key': marker } });
    expect(paid.status).toBe(201);
    await client.post('/api/cart/items', { product_id: product.id, quantity: 2 });
    const failed = await t.prisma.order.create({
      data: { userId: user.id, status: 'failed', amountCents: 1_400, requestHash: marker },
    });
    const files = await postFiles(t, user, [{ name: `${marker}.png`, bytes: pngBytes() }]);
    expect(files.status).toBe(201);
    const presigned = await client.post('/api/uploads/presign', {
      filename: `${marker}-direct.png`,
      content_type: 'image/png',
      size: pngBytes(10).length,
    });
    const put = await fetch(storage.reachable(t, presigned.body.url), {
      method: 'PUT',
      headers: presigned.body.headers,
      body: new Uint8Array(pngBytes(10)),
    });
    expect(put.status).toBeLessThan(300);
    const apiKey = await apiKeyFor(t, user);
    const tokens = await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD });
    await t.http.post('/api/auth/password/forgot', { email: user.email });
    return {
      user,
      stranger,
      strangersPost,
      paidOrderId: paid.body.id as number,
      failed,
      apiKey,
      tokens: tokens.body,
    };
  }

  it('deletes the account and every row and object that was only its own; paid orders stay, anonymous', async () => {
    const marker = `gone-${randomUUID()}`;
    const account = await busyAccount(marker);
    const cookie = await sessionCookieFor(
      t,
      { email: account.user.email, password: STRONG_PASSWORD },
      origin,
    );
    expect(Object.keys(await tablesMentioning(marker)).length).toBeGreaterThan(8);
    expect((await storage.keys()).filter((key) => key.includes(`/${account.user.id}/`))).toHaveLength(2);

    const response = await deleteAccount({ cookie }, { password: STRONG_PASSWORD });
    expect(response.status).toBe(204);
    expect(response.headers['set-cookie']?.join()).toMatch(/hearth_session=;/);

    // Nothing in any table mentions the account, but the documented exceptions (none carry the marker).
    expect(await tablesMentioning(marker)).toEqual({});
    expect(await tablesMentioning(account.user.email)).toEqual({});
    expect(await t.prisma.user.count({ where: { id: account.user.id } })).toBe(0);
    expect((await storage.keys()).filter((key) => key.includes(`/${account.user.id}/`))).toEqual([]);
    // Kept for accounting: the paid order, its lines and payment, without a user; the failed one is gone.
    const kept = await t.prisma.order.findUniqueOrThrow({
      where: { id: account.paidOrderId },
      include: { items: true, payments: true },
    });
    expect(kept).toMatchObject({ userId: null, status: 'paid', idempotencyKey: null, amountCents: 700 });
    expect(kept.items).toHaveLength(1);
    expect(kept.payments).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect(await t.prisma.order.count({ where: { id: account.failed.id } })).toBe(0);
    // Other people's things stay, minus the account's like and comment.
    const strangersPost = await t.prisma.post.findUniqueOrThrow({ where: { id: account.strangersPost.id } });
    expect(strangersPost.likesCount).toBe(0);
    expect(await t.prisma.user.count({ where: { id: account.stranger.id } })).toBe(1);
  });

  it('every credential of the deleted account stops working at once', async () => {
    const marker = `creds-${randomUUID()}`;
    const account = await busyAccount(marker);
    const bearer = { authorization: `Bearer ${account.tokens.access_token}` };
    expect((await deleteAccount(bearer, { password: STRONG_PASSWORD })).status).toBe(204);

    expect((await t.http.get('/api/auth/me', { headers: bearer })).status).toBe(401);
    expect((await t.http.get('/api/auth/me', { headers: { 'x-api-key': account.apiKey } })).status).toBe(401);
    const refresh = await t.http.post('/api/auth/token/refresh', {
      refresh_token: account.tokens.refresh_token,
    });
    expect(refresh.status).toBe(401);
    const login = await t.http.post('/api/auth/login', {
      email: account.user.email,
      password: STRONG_PASSWORD,
    });
    expect(login.status).toBe(401);
  });

  it('announces every published post of the account as deleted, and a replay carries none of its content', async () => {
    const before = await t.prisma.postEvent.findFirst({ orderBy: { id: 'desc' } });
    const marker = `events-${randomUUID()}`;
    const account = await busyAccount(marker);
    const posts = await t.prisma.post.findMany({
      where: { authorId: account.user.id },
      orderBy: { id: 'asc' },
    });
    const postIds = posts.map((post) => post.id);
    const publishedId = posts.find((post) => post.published)!.id;
    const live = await openEventStream(`${t.baseUrl}/api/v2/posts/events`);
    const deleted = await deleteAccount(await authHeadersFor(t, account.user), { password: STRONG_PASSWORD });
    expect(deleted.status).toBe(204);

    const events = await t.prisma.postEvent.findMany({ where: { postId: { in: postIds } } });
    // One post was published (the draft never was): one `post_deleted` event, with no content.
    const gone = { dom_id: `posts-${publishedId}`, post: null };
    expect(events).toEqual([expect.objectContaining({ type: 'post_deleted', payload: gone })]);
    const [announced] = await live.waitForEvents(1, 'post_deleted');
    expect(JSON.parse(announced.data)).toEqual(gone);
    live.close();

    // A client resuming from before the account wrote anything learns that the post is gone, never what it said.
    const replay = await openEventStream(`${t.baseUrl}/api/v2/posts/events`, {
      'last-event-id': String(before?.id ?? 0n),
    });
    const replayed = await replay.waitForEvents(1, 'post_deleted');
    replay.close();
    expect(replayed.map((event) => event.id)).toContain(events[0].id.toString());
    expect(JSON.stringify(replay.events)).not.toContain(marker);
  });

  it('needs the password of a password account: missing → 403, wrong → 401 (like a login), and nothing is deleted', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const headers = await authHeadersFor(t, user);
    const missing = await deleteAccount(headers);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('reauthentication_required');
    const wrong = await deleteAccount(headers, { password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const invalid = await deleteAccount(headers, { password: '' });
    expect(invalid.status).toBe(400);
    expect(await t.prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it('an account without a password needs a cookie session younger than 10 minutes', async () => {
    const user = await buildUser(t.prisma);
    const session = await t.prisma.session.create({
      data: {
        userId: user.id,
        tokenHash: randomUUID(),
        credentialsEpoch: user.credentialsChangedAt,
        createdAt: new Date(Date.now() - 11 * 60_000),
        lastSeenAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const stale = await sessionCookieForSession(session.id);
    const tooOld = await deleteAccount({ cookie: stale });
    expect(tooOld.status).toBe(403);
    expect(tooOld.body.error.code).toBe('reauthentication_required');
    const bearer = await deleteAccount(await authHeadersFor(t, user));
    expect(bearer.body.error.code).toBe('reauthentication_required');

    await t.prisma.session.update({ where: { id: session.id }, data: { createdAt: new Date() } });
    expect((await deleteAccount({ cookie: stale })).status).toBe(204);
    expect(await t.prisma.user.count({ where: { id: user.id } })).toBe(0);
  });

  /** A cookie for an existing session row: the row's token hash is replaced by the hash of a known token. */
  async function sessionCookieForSession(id: string): Promise<string> {
    const token = randomUUID();
    const { createHash } = await import('node:crypto');
    await t.prisma.session.update({
      where: { id },
      data: { tokenHash: createHash('sha256').update(token).digest('hex') },
    });
    return `hearth_session=${token}`;
  }

  it('the last admin cannot delete their account (409 last_admin); with another admin they can', async () => {
    await t.prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'user' } });
    const admin = await buildUser(t.prisma, { role: 'admin', password: STRONG_PASSWORD });
    const headers = await authHeadersFor(t, admin);
    const refused = await deleteAccount(headers, { password: STRONG_PASSWORD });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_admin');
    expect(await t.prisma.user.count({ where: { id: admin.id } })).toBe(1);

    await buildUser(t.prisma, { role: 'admin' });
    expect((await deleteAccount(headers, { password: STRONG_PASSWORD })).status).toBe(204);
  });

  it('refuses API keys, strangers and cross-site cookie requests', async () => {
    const user: User = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const keyed = await deleteAccount(
      { 'x-api-key': await apiKeyFor(t, user) },
      { password: STRONG_PASSWORD },
    );
    expect(keyed.status).toBe(403);
    expect(keyed.body.error.code).toBe('api_key_forbidden');
    expect((await deleteAccount({}, { password: STRONG_PASSWORD })).status).toBe(401);
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, origin);
    const forged = await deleteAccount({ cookie, origin: 'http://evil.test' }, { password: STRONG_PASSWORD });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    expect(await t.prisma.user.count({ where: { id: user.id } })).toBe(1);
  });
});
