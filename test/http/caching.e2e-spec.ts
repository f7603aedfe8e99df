import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const STRONG_ETAG = /^"[^"]+"$/;

describe('Conditional GETs and Cache-Control', () => {
  let t: TestApp;
  let author: User;

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
  });
  afterAll(() => t.close());

  it.each(['/api/v1/posts/:id', '/api/v2/posts/:id', '/api/v1/posts', '/api/v2/posts'])(
    '%s carries a strong ETag that is stable while nothing changes',
    async (template) => {
      const post = await buildPost(t.prisma, { authorId: author.id });
      const path = template.replace(':id', String(post.id));

      const first = await t.http.get(path);
      const second = await t.http.get(path);

      expect(first.headers.etag).toMatch(STRONG_ETAG);
      expect(first.headers.etag).not.toMatch(/^W\//);
      expect(second.headers.etag).toBe(first.headers.etag);
    },
  );

  it('If-None-Match with the current tag answers 304 with an empty body and the same ETag', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const first = await t.http.get(`/api/v1/posts/${post.id}`);

    const conditional = await t.http.get(`/api/v1/posts/${post.id}`, {
      headers: { 'if-none-match': first.headers.etag as string },
    });

    expect(conditional.status).toBe(304);
    expect(conditional.raw.length).toBe(0);
    expect(conditional.headers.etag).toBe(first.headers.etag);
  });

  it('a tag in a list of candidates matches too; a stale tag gets the full 200 answer', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const { etag } = (await t.http.get(`/api/v2/posts/${post.id}`)).headers;

    const listed = await t.http.get(`/api/v2/posts/${post.id}`, {
      headers: { 'if-none-match': `"stale", ${etag}` },
    });
    const stale = await t.http.get(`/api/v2/posts/${post.id}`, { headers: { 'if-none-match': '"stale"' } });

    expect(listed.status).toBe(304);
    expect(stale.status).toBe(200);
    expect(stale.body.data.id).toBe(String(post.id));
  });

  it('the ETag changes after an update, so the old tag no longer gets 304', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id, title: 'Before' });
    const before = await t.http.get(`/api/v1/posts/${post.id}`);

    await t.http.patch(
      `/api/v1/posts/${post.id}`,
      { title: 'After' },
      { headers: await authHeadersFor(t, author) },
    );
    const after = await t.http.get(`/api/v1/posts/${post.id}`, {
      headers: { 'if-none-match': before.headers.etag as string },
    });

    expect(after.status).toBe(200);
    expect(after.body.title).toBe('After');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('a list ETag changes when a post is liked', async () => {
    await buildPost(t.prisma, { authorId: author.id });
    const post = await buildPost(t.prisma, {
      authorId: author.id,
      createdAt: new Date('2040-01-01T00:00:00Z'),
    });
    const before = await t.http.get('/api/v2/posts?limit=1');

    await t.http.post(`/api/v2/posts/${post.id}/like`, undefined, {
      headers: await authHeadersFor(t, author),
    });
    const after = await t.http.get('/api/v2/posts?limit=1', {
      headers: { 'if-none-match': before.headers.etag as string },
    });

    expect(after.status).toBe(200);
    expect(after.body.data[0].attributes.likes).toBe(1);
  });

  it('anonymous answers are public; answers to a signed-in caller are private', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const headers = await authHeadersFor(t, author);

    const anonymous = await t.http.get(`/api/v1/posts/${post.id}`);
    const signedIn = await t.http.get(`/api/v1/posts/${post.id}`, { headers });
    const signedInList = await t.http.get('/api/v2/posts', { headers });

    expect(anonymous.headers['cache-control']).toMatch(/\bpublic\b/);
    expect(signedIn.headers['cache-control']).toMatch(/\bprivate\b/);
    expect(signedIn.headers['cache-control']).not.toMatch(/\bpublic\b/);
    expect(signedInList.headers['cache-control']).toMatch(/\bprivate\b/);
  });

  it('a draft shown to its author is private, so no shared cache keeps it', async () => {
    const draft = await buildPost(t.prisma, { authorId: author.id, published: false });

    const response = await t.http.get(`/api/v2/posts/${draft.id}`, {
      headers: await authHeadersFor(t, author),
    });

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/\bprivate\b/);
  });

  it('errors carry no ETag and are not stored by caches', async () => {
    const response = await t.http.get('/api/v1/posts/99999999');

    expect(response.status).toBe(404);
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
