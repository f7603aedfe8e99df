import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCast } from '../support/cast.js';
import { buildPost } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Writing posts', () => {
  let t: TestApp;
  let owner: User;
  let stranger: User;
  let moderator: User;
  let admin: User;

  beforeAll(async () => {
    t = await startTestApp();
    ({ owner, stranger, moderator, admin } = await buildCast(t.prisma));
  });
  afterAll(() => t.close());

  const as = async (user: User) => t.http.as(await authHeadersFor(t, user));

  describe('creating', () => {
    it('v1: 201 with the flat post, published by default, owned by the caller', async () => {
      const response = await (await as(owner)).post('/api/v1/posts', { title: 'Hello', body: 'World' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        title: 'Hello',
        body: 'World',
        likes: 0,
        comments_count: 0,
        published: true,
        inserted_at: expect.stringMatching(/Z$/),
      });
      const stored = await t.prisma.post.findUniqueOrThrow({ where: { id: response.body.id } });
      expect(stored.authorId).toBe(owner.id);
      expect((await t.http.get(`/api/v1/posts/${response.body.id}`)).body).toEqual(response.body);
    });

    it('v2: 201 with the resource shape; published: false makes a draft', async () => {
      const response = await (
        await as(owner)
      ).post('/api/v2/posts', { title: 'Draft', body: 'Later', published: false });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: {
          type: 'post',
          id: expect.stringMatching(/^\d+$/),
          attributes: {
            title: 'Draft',
            body: 'Later',
            likes: 0,
            comments_count: 0,
            published: false,
            created_at: expect.any(String),
            updated_at: expect.any(String),
          },
        },
      });
      expect((await t.http.get(`/api/v2/posts/${response.body.data.id}`)).status).toBe(404);
    });

    it('anonymous callers get 401 in both versions and nothing is stored', async () => {
      const before = await t.prisma.post.count();

      for (const v of ['v1', 'v2']) {
        const response = await t.http.post(`/api/${v}/posts`, { title: 'x', body: 'y' });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('unauthenticated');
      }
      expect(await t.prisma.post.count()).toBe(before);
    });
  });

  describe('validation', () => {
    const invalid = async (body: unknown, path = '/api/v1/posts') => {
      const response = await (await as(owner)).post(path, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      return new Set((response.body.error.details as { field: string }[]).map((detail) => detail.field));
    };

    it('a missing title is named in details', async () => {
      expect(await invalid({ body: 'no title' })).toEqual(new Set(['title']));
    });

    it('every wrongly typed field is listed', async () => {
      expect(await invalid({ title: 42, body: ['a'], published: 'yes' }, '/api/v2/posts')).toEqual(
        new Set(['title', 'body', 'published']),
      );
    });

    it('unknown fields are refused by name', async () => {
      expect(await invalid({ title: 't', body: 'b', author_id: 1, likes: 99 })).toEqual(
        new Set(['author_id', 'likes']),
      );
    });

    it('an empty title and an over-long title are refused', async () => {
      expect(await invalid({ title: '', body: 'b' })).toEqual(new Set(['title']));
      expect(await invalid({ title: 'x'.repeat(201), body: 'b' })).toEqual(new Set(['title']));
    });

    it('each detail carries a message', async () => {
      const response = await (await as(owner)).post('/api/v1/posts', {});
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([
          { field: 'title', message: expect.any(String) },
          { field: 'body', message: expect.any(String) },
        ]),
      );
    });

    it('a partial update validates the fields it carries; null is not a value', async () => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      const client = await as(owner);

      const wrongType = await client.patch(`/api/v1/posts/${post.id}`, { title: 5, extra: true });
      const nulls = await client.patch(`/api/v2/posts/${post.id}`, { title: null, published: null });

      expect(wrongType.status).toBe(400);
      expect(wrongType.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
        expect.arrayContaining(['extra', 'title']),
      );
      expect(nulls.status).toBe(400);
      expect(new Set(nulls.body.error.details.map((d: { field: string }) => d.field))).toEqual(
        new Set(['title', 'published']),
      );
      expect(await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
        title: post.title,
        published: true,
      });
    });
  });

  describe('updating', () => {
    let post: Post;
    beforeEach(async () => {
      post = await buildPost(t.prisma, { authorId: owner.id, title: 'Before', body: 'Body before' });
    });

    it('v1: the owner changes only the fields sent → 200 flat', async () => {
      const response = await (await as(owner)).patch(`/api/v1/posts/${post.id}`, { title: 'After' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({ id: post.id, title: 'After', body: 'Body before', published: true }),
      );
    });

    it('v2: 200 with the resource shape and a newer updated_at', async () => {
      // Last written a minute ago, so "newer" is strict whatever the clock resolution.
      const before = new Date(Date.now() - 60_000);
      await t.prisma.post.update({ where: { id: post.id }, data: { updatedAt: before } });
      const response = await (await as(owner)).patch(`/api/v2/posts/${post.id}`, { body: 'Body after' });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual(expect.objectContaining({ type: 'post', id: String(post.id) }));
      expect(response.body.data.attributes).toEqual(
        expect.objectContaining({
          title: 'Before',
          body: 'Body after',
          created_at: post.createdAt.toISOString(),
        }),
      );
      expect(Date.parse(response.body.data.attributes.updated_at)).toBeGreaterThan(before.getTime());
      expect(
        (await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).updatedAt.toISOString(),
      ).toBe(response.body.data.attributes.updated_at);
    });

    it.each([
      ['a moderator', () => moderator],
      ['an admin', () => admin],
    ])("%s may change someone else's post", async (_who, user) => {
      const response = await (await as(user())).patch(`/api/v1/posts/${post.id}`, { title: 'Moderated' });

      expect(response.status).toBe(200);
      expect(response.body.title).toBe('Moderated');
    });

    it.each(['v1', 'v2'])('another user gets 403 in %s and the post is unchanged', async (v) => {
      const response = await (await as(stranger)).patch(`/api/${v}/posts/${post.id}`, { title: 'Hijacked' });

      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect((await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).title).toBe('Before');
    });

    it('anonymous callers get 401', async () => {
      const response = await t.http.patch(`/api/v1/posts/${post.id}`, { title: 'Anon' });

      expect(response.status).toBe(401);
    });

    it('updating a missing post is 404', async () => {
      const response = await (await as(admin)).patch('/api/v2/posts/99999999', { title: 'Nothing' });

      expect(response.status).toBe(404);
    });
  });

  describe('deleting', () => {
    it.each([
      ['the owner', 'v1', () => owner],
      ['the owner', 'v2', () => owner],
      ['a moderator', 'v1', () => moderator],
      ['an admin', 'v2', () => admin],
    ])('%s deletes in %s → 204 with no body, then the post is 404', async (_who, v, user) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });

      const response = await (await as(user())).delete(`/api/${v}/posts/${post.id}`);

      expect(response.status).toBe(204);
      expect(response.raw.length).toBe(0);
      expect((await t.http.get(`/api/v1/posts/${post.id}`)).status).toBe(404);
    });

    it.each(['v1', 'v2'])('another user gets 403 in %s and the post stays', async (v) => {
      const post = await buildPost(t.prisma, { authorId: owner.id });

      const response = await (await as(stranger)).delete(`/api/${v}/posts/${post.id}`);

      expect(response.status).toBe(403);
      expect(await t.prisma.post.findUnique({ where: { id: post.id } })).not.toBeNull();
    });

    it('anonymous callers get 401 and the post stays', async () => {
      const post = await buildPost(t.prisma, { authorId: owner.id });

      expect((await t.http.delete(`/api/v2/posts/${post.id}`)).status).toBe(401);
      expect(await t.prisma.post.findUnique({ where: { id: post.id } })).not.toBeNull();
    });

    it('deleting twice: the second is 404', async () => {
      const post = await buildPost(t.prisma, { authorId: owner.id });
      const client = await as(owner);

      expect((await client.delete(`/api/v1/posts/${post.id}`)).status).toBe(204);
      expect((await client.delete(`/api/v1/posts/${post.id}`)).status).toBe(404);
    });
  });
});
