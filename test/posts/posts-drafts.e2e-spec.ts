import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCast } from '../support/cast.js';
import { buildPost } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Drafts are visible only to their author, moderators and admins', () => {
  let t: TestApp;
  let owner: User;
  let stranger: User;
  let moderator: User;
  let admin: User;
  let draft: Post;
  let published: Post;

  beforeAll(async () => {
    t = await startTestApp();
    ({ owner, stranger, moderator, admin } = await buildCast(t.prisma));
    draft = await buildPost(t.prisma, { authorId: owner.id, published: false, title: 'Secret draft' });
    published = await buildPost(t.prisma, { authorId: owner.id, title: 'Public post' });
  });
  afterAll(() => t.close());

  it.each(['v1', 'v2'])(
    'a draft is 404 in %s for anonymous callers, the same as a missing post',
    async (v) => {
      const response = await t.http.get(`/api/${v}/posts/${draft.id}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual((await t.http.get(`/api/${v}/posts/99999999`)).body);
    },
  );

  it.each(['v1', 'v2'])('a draft is 404 in %s for another signed-in user', async (v) => {
    const response = await t.http.get(`/api/${v}/posts/${draft.id}`, {
      headers: await authHeadersFor(t, stranger),
    });

    expect(response.status).toBe(404);
  });

  it.each([
    ['its author', () => owner],
    ['a moderator', () => moderator],
    ['an admin', () => admin],
  ])('a draft is visible to %s in both versions', async (_who, viewer) => {
    const headers = await authHeadersFor(t, viewer());

    const v1 = await t.http.get(`/api/v1/posts/${draft.id}`, { headers });
    const v2 = await t.http.get(`/api/v2/posts/${draft.id}`, { headers });

    expect(v1.status).toBe(200);
    expect(v1.body).toEqual(
      expect.objectContaining({ id: draft.id, title: 'Secret draft', published: false }),
    );
    expect(v2.status).toBe(200);
    expect(v2.body.data.attributes).toEqual(
      expect.objectContaining({ title: 'Secret draft', published: false }),
    );
  });

  it('drafts are never listed, not even to their author or an admin', async () => {
    for (const viewer of [null, owner, admin]) {
      const headers = viewer ? await authHeadersFor(t, viewer) : {};
      const v1 = await t.http.get('/api/v1/posts?page_size=100', { headers });
      const v2 = await t.http.get('/api/v2/posts?limit=100', { headers });

      expect(v1.body.data.map((p: { id: number }) => p.id)).toEqual([published.id]);
      expect(v1.body.metadata.total_entries).toBe(1);
      expect(v2.body.data.map((p: { id: string }) => p.id)).toEqual([String(published.id)]);
    }
  });

  it('another user cannot change or delete a draft: it does not exist for them (404)', async () => {
    const headers = await authHeadersFor(t, stranger);

    expect((await t.http.patch(`/api/v1/posts/${draft.id}`, { title: 'x' }, { headers })).status).toBe(404);
    expect((await t.http.delete(`/api/v2/posts/${draft.id}`, { headers })).status).toBe(404);
    expect(await t.prisma.post.findUnique({ where: { id: draft.id } })).toMatchObject({
      title: 'Secret draft',
    });
  });

  it('liking a draft you cannot see is 404 and counts nothing', async () => {
    const response = await t.http.post(`/api/v1/posts/${draft.id}/like`, undefined, {
      headers: await authHeadersFor(t, stranger),
    });

    expect(response.status).toBe(404);
    expect(await t.prisma.postLike.count({ where: { postId: draft.id } })).toBe(0);
  });

  it('publishing a draft makes it visible and listed for everyone', async () => {
    const another = await buildPost(t.prisma, { authorId: owner.id, published: false });

    const update = await t.http.patch(
      `/api/v1/posts/${another.id}`,
      { published: true },
      { headers: await authHeadersFor(t, owner) },
    );

    expect(update.status).toBe(200);
    expect((await t.http.get(`/api/v1/posts/${another.id}`)).status).toBe(200);
    const list = await t.http.get('/api/v1/posts?page_size=100');
    expect(list.body.data.map((p: { id: number }) => p.id)).toContain(another.id);
  });
});
