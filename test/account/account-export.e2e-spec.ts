import { randomUUID } from 'node:crypto';
import { STRONG_PASSWORD } from '../auth/auth-test-helpers.js';
import { sessionCookieFor } from '../support/auth.js';
import { buildComment, buildPost, buildProduct, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKeyFor, cookiePair } from './account-helpers.js';

// GET /api/auth/account/export: everything Hearth stores about the caller, as one JSON document written while it
// is read, and never a secret: no password hash, token, token hash or key, checked against the real ones.

const PAGE = 500;

/** Every property name anywhere in `value`. */
function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysOf(inner, found);
    }
  }
  return found;
}

describe('Exporting your account', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    t = await startTestApp();
    origin = t.config.http.publicUrl;
  });
  afterAll(() => t.close());

  const exportWith = (headers: Record<string, string>) => t.http.get('/api/auth/account/export', { headers });

  /** A user with something everywhere, signed in every way; returns the raw secrets the server handed out. */
  async function busyAccount() {
    const marker = `export-${randomUUID()}`;
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD, email: `${marker}@example.test` });
    const login = await t.http.post(
      '/api/auth/login',
      { email: user.email, password: STRONG_PASSWORD },
      { headers: { origin, 'user-agent': `${marker}-browser` } },
    );
    const cookie = cookiePair(login, 'hearth_session')!;
    const tokens = (await t.http.post('/api/auth/token', { email: user.email, password: STRONG_PASSWORD }))
      .body;
    const apiKey = await apiKeyFor(t, user);
    await t.http.post('/api/auth/password/forgot', { email: user.email });
    await t.prisma.emailToken.create({
      data: {
        userId: user.id,
        tokenHash: randomUUID(),
        purpose: 'verify_email',
        email: user.email,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await t.prisma.oAuthIdentity.create({
      data: { userId: user.id, provider: 'google', providerUserId: `g-${marker}`, email: user.email },
    });
    const post = await buildPost(t.prisma, { authorId: user.id, title: `${marker} post` });
    await buildPost(t.prisma, { authorId: user.id, title: `${marker} draft`, published: false });
    const strangersPost = await buildPost(t.prisma, { title: 'not theirs' });
    await t.prisma.postLike.create({ data: { postId: strangersPost.id, userId: user.id } });
    await buildComment(t.prisma, { postId: strangersPost.id, authorId: user.id, body: `${marker} comment` });
    const product = await buildProduct(t.prisma, { name: `${marker} mug`, priceCents: 1_250 });
    await t.prisma.cartItem.create({ data: { userId: user.id, productId: product.id, quantity: 2 } });
    await t.prisma.order.create({
      data: {
        userId: user.id,
        status: 'paid',
        amountCents: 1_250,
        requestHash: `secret-request-${marker}`,
        items: { create: { productId: product.id, name: product.name, priceCents: 1_250, quantity: 1 } },
      },
    });
    await t.prisma.upload.create({
      data: {
        ownerId: user.id,
        key: `uploads/${user.id}/${randomUUID()}.png`,
        name: `${marker}.png`,
        contentType: 'image/png',
        size: 123,
      },
    });
    await t.prisma.job.create({ data: { ownerId: user.id, kind: 'search', input: { query: marker } } });
    await t.prisma.topicMember.create({ data: { topic: `private:${marker}`, userId: user.id } });
    const secrets = {
      cookie: cookie.split('=')[1],
      accessToken: tokens.access_token as string,
      refreshToken: tokens.refresh_token as string,
      apiKey,
    };
    return { user, marker, cookie, post, strangersPost, secrets };
  }

  /** Every hash and token column that holds something of `userId`, read from the database itself. */
  async function storedSecretsOf(userId: number): Promise<string[]> {
    const rows = await t.prisma.$queryRaw<{ secret: string }[]>`
      SELECT password_hash AS secret FROM users WHERE id = ${userId} AND password_hash IS NOT NULL
      UNION ALL SELECT token_hash FROM sessions WHERE user_id = ${userId}
      UNION ALL SELECT token_hash FROM refresh_tokens WHERE user_id = ${userId}
      UNION ALL SELECT token_hash FROM password_reset_tokens WHERE user_id = ${userId}
      UNION ALL SELECT token_hash FROM email_tokens WHERE user_id = ${userId}
      UNION ALL SELECT key_hash FROM api_keys WHERE user_id = ${userId}
      UNION ALL SELECT request_hash FROM orders WHERE user_id = ${userId} AND request_hash IS NOT NULL`;
    return rows.map((row) => row.secret);
  }

  it('streams one JSON document of everything stored about the caller, and nothing of anyone else', async () => {
    const account = await busyAccount();
    const response = await exportWith({ cookie: account.cookie });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="hearth-account-${account.user.id}.json"`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-length']).toBeUndefined();
    const document = response.body;
    expect(document.profile).toMatchObject({
      id: account.user.id,
      email: account.user.email,
      role: 'user',
      has_password: true,
      email_verified: false,
    });
    expect(document.identities).toEqual([
      {
        provider: 'google',
        provider_user_id: `g-${account.marker}`,
        email: account.user.email,
        linked_at: expect.any(String),
      },
    ]);
    expect(document.sessions).toEqual([expect.objectContaining({ user_agent: `${account.marker}-browser` })]);
    expect(document.api_keys).toEqual([
      expect.objectContaining({ prefix: expect.any(String), name: 'automation' }),
    ]);
    expect(document.posts.map((post: { title: string }) => post.title).sort()).toEqual(
      [`${account.marker} draft`, `${account.marker} post`].sort(),
    );
    expect(document.comments).toEqual([
      expect.objectContaining({ post_id: account.strangersPost.id, body: `${account.marker} comment` }),
    ]);
    expect(document.likes).toEqual([{ post_id: account.strangersPost.id, created_at: expect.any(String) }]);
    expect(document.uploads).toEqual([expect.objectContaining({ name: `${account.marker}.png`, size: 123 })]);
    expect(document.cart).toEqual([expect.objectContaining({ name: `${account.marker} mug`, quantity: 2 })]);
    expect(document.orders).toEqual([
      expect.objectContaining({
        status: 'paid',
        amount_cents: 1_250,
        items: [expect.objectContaining({ quantity: 1 })],
      }),
    ]);
    expect(document.jobs).toEqual([
      expect.objectContaining({ kind: 'search', input: { query: account.marker } }),
    ]);
    expect(document.topic_memberships).toEqual([
      { topic: `private:${account.marker}`, joined_at: expect.any(String) },
    ]);
    expect(response.text).not.toContain('not theirs');
  });

  it('contains no secret: none of the hashes stored for the account, none of the tokens and keys it was given', async () => {
    const account = await busyAccount();
    const stored = await storedSecretsOf(account.user.id);
    expect(stored.length).toBeGreaterThanOrEqual(7);
    const response = await exportWith({ authorization: `Bearer ${account.secrets.accessToken}` });
    expect(response.status).toBe(200);
    for (const secret of [...stored, ...Object.values(account.secrets)])
      expect(response.text).not.toContain(secret);
    // The API key shows only its prefix, which is not enough to use it.
    expect(account.secrets.apiKey.startsWith(`hk_${response.body.api_keys[0].prefix}_`)).toBe(true);
    // No field that could carry one either: `has_password` is a yes or no.
    const names = [...keysOf(response.body)].filter((name) => name !== 'has_password');
    expect(names.filter((name) => /hash|secret|token|password|^key$/i.test(name))).toEqual([]);
  });

  it('reads large histories page by page: every post of a long-time author is in the document, in order', async () => {
    const user = await buildUser(t.prisma, { password: STRONG_PASSWORD });
    const count = 2 * PAGE + 7;
    await t.prisma.post.createMany({
      data: Array.from({ length: count }, (_, n) => ({ authorId: user.id, title: `p${n}`, body: 'b' })),
    });
    const cookie = await sessionCookieFor(t, { email: user.email, password: STRONG_PASSWORD }, origin);
    const response = await exportWith({ cookie, 'accept-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const titles = response.body.posts.map((post: { title: string }) => post.title);
    expect(titles).toEqual(Array.from({ length: count }, (_, n) => `p${n}`));
  });

  it('refuses API keys and strangers', async () => {
    const user = await buildUser(t.prisma);
    const keyed = await exportWith({ 'x-api-key': await apiKeyFor(t, user) });
    expect(keyed.status).toBe(403);
    expect(keyed.body.error.code).toBe('api_key_forbidden');
    expect((await exportWith({})).status).toBe(401);
  });
});
