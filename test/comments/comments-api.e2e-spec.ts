import { CommentsService } from '../../src/comments/comments.service.js';
import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildComment, buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Comments on posts (v1 and v2)', () => {
  let t: TestApp;
  let author: User;
  let reader: User;
  let moderator: User;
  let admin: User;
  let post: Post;
  let draft: Post;

  const as = async (user: User): Promise<HttpClient> => t.http.as(await authHeadersFor(t, user));
  const freshPost = (overrides: Partial<Pick<Post, 'published'>> = {}) =>
    buildPost(t.prisma, { authorId: author.id, ...overrides });

  beforeAll(async () => {
    // The comment budget has its own test (comments-limits); these tests write more than its default.
    t = await startTestApp({ env: { COMMENT_CREATE_LIMIT: '10000' } });
    author = await buildUser(t.prisma);
    reader = await buildUser(t.prisma);
    moderator = await buildUser(t.prisma, { role: 'moderator' });
    admin = await buildUser(t.prisma, { role: 'admin' });
    post = await freshPost();
    draft = await freshPost({ published: false });
  });
  afterAll(() => t.close());

  describe('POST /api/v{1,2}/posts/:id/comments', () => {
    it('v1: 201 with the flat comment, written by the caller', async () => {
      const response = await (await as(reader)).post(`/api/v1/posts/${post.id}/comments`, { body: 'First!' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        post_id: post.id,
        parent_id: null,
        body: 'First!',
        author_id: reader.id,
        deleted: false,
        inserted_at: expect.stringMatching(ISO_UTC),
        updated_at: expect.stringMatching(ISO_UTC),
      });
    });

    it('v2: 201 with a comment resource (string id, attributes with created_at)', async () => {
      const response = await (await as(reader)).post(`/api/v2/posts/${post.id}/comments`, { body: 'Second' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        data: {
          type: 'comment',
          id: expect.stringMatching(/^\d+$/),
          attributes: {
            post_id: post.id,
            parent_id: null,
            body: 'Second',
            author_id: reader.id,
            deleted: false,
            created_at: expect.stringMatching(ISO_UTC),
            updated_at: expect.stringMatching(ISO_UTC),
          },
        },
      });
    });

    it('accepts 1 and 4000 characters and refuses empty, longer, missing and non-string bodies with 400', async () => {
      const client = await as(reader);
      const target = await freshPost();
      for (const body of ['x', 'é'.repeat(4_000)]) {
        expect((await client.post(`/api/v1/posts/${target.id}/comments`, { body })).status).toBe(201);
      }
      for (const payload of [{ body: '' }, { body: 'x'.repeat(4_001) }, {}, { body: 42 }, { body: null }]) {
        const response = await client.post(`/api/v2/posts/${target.id}/comments`, payload);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('validation_failed');
      }
      expect(await t.prisma.comment.count({ where: { postId: target.id } })).toBe(2);
    });

    it('anonymous callers get 401 and nothing is stored', async () => {
      const target = await freshPost();
      for (const v of ['v1', 'v2']) {
        const response = await t.http.post(`/api/${v}/posts/${target.id}/comments`, { body: 'Hi' });
        expect(response.status).toBe(401);
      }
      expect(await t.prisma.comment.count({ where: { postId: target.id } })).toBe(0);
    });

    it('404 for a missing post and for a draft the caller cannot see; the draft author may comment', async () => {
      const client = await as(reader);
      expect((await client.post('/api/v1/posts/999999/comments', { body: 'Hi' })).body.error.code).toBe(
        'not_found',
      );
      const hidden = await client.post(`/api/v2/posts/${draft.id}/comments`, { body: 'Hi' });
      expect(hidden.status).toBe(404);
      const own = await (
        await as(author)
      ).post(`/api/v2/posts/${draft.id}/comments`, { body: 'Note to self' });
      expect(own.status).toBe(201);
    });

    it('replies to a top-level comment of the same post; anything else is 422 invalid_parent', async () => {
      const client = await as(reader);
      const target = await freshPost();
      const other = await freshPost();
      const top = (await client.post(`/api/v1/posts/${target.id}/comments`, { body: 'Top' })).body;
      const reply = await client.post(`/api/v1/posts/${target.id}/comments`, {
        body: 'Re',
        parent_id: top.id,
      });
      expect(reply.status).toBe(201);
      expect(reply.body.parent_id).toBe(top.id);

      const elsewhere = (await client.post(`/api/v1/posts/${other.id}/comments`, { body: 'Else' })).body;
      for (const parentId of [reply.body.id, elsewhere.id, 999_999]) {
        const refused = await client.post(`/api/v2/posts/${target.id}/comments`, {
          body: 'x',
          parent_id: parentId,
        });
        expect(refused.status).toBe(422);
        expect(refused.body.error).toEqual(
          expect.objectContaining({ code: 'invalid_parent', details: { parent_id: parentId } }),
        );
      }
      const bad = await client.post(`/api/v2/posts/${target.id}/comments`, { body: 'x', parent_id: '1' });
      expect(bad.status).toBe(400);
    });
  });

  describe('GET /api/v{1,2}/posts/:id/comments', () => {
    let listed: Post;
    let ids: number[];

    beforeAll(async () => {
      listed = await freshPost();
      const client = await as(reader);
      ids = [];
      for (let i = 1; i <= 5; i += 1) {
        ids.push((await client.post(`/api/v1/posts/${listed.id}/comments`, { body: `c${i}` })).body.id);
      }
    });

    it('v1: oldest first, offset pages with the posts metadata, to anyone', async () => {
      const response = await t.http.get(`/api/v1/posts/${listed.id}/comments?page=2&page_size=2`);

      expect(response.status).toBe(200);
      expect(response.body.data.map((c: { id: number }) => c.id)).toEqual(ids.slice(2, 4));
      expect(response.body.data[0]).toEqual(
        expect.objectContaining({ post_id: listed.id, body: 'c3', author_id: reader.id, deleted: false }),
      );
      expect(response.body.metadata).toEqual({
        page_number: 2,
        page_size: 2,
        total_entries: 5,
        total_pages: 3,
      });
    });

    it('v2: oldest first, keyset cursors until next_cursor is null', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
        const response = await t.http.get(`/api/v2/posts/${listed.id}/comments?${query}`);
        expect(response.status).toBe(200);
        expect(response.body.meta.limit).toBe(2);
        seen.push(...response.body.data.map((c: { id: string; type: string }) => c.id));
        cursor = response.body.meta.next_cursor;
      } while (cursor);
      expect(seen).toEqual(ids.map(String));
    });

    it('refuses bad paging with 400 and a forged cursor with 400 invalid_cursor', async () => {
      expect((await t.http.get(`/api/v1/posts/${listed.id}/comments?page_size=101`)).status).toBe(400);
      expect((await t.http.get(`/api/v2/posts/${listed.id}/comments?limit=0`)).status).toBe(400);
      const forged = await t.http.get(`/api/v2/posts/${listed.id}/comments?cursor=bm9wZQ`);
      expect(forged.status).toBe(400);
      expect(forged.body.error.code).toBe('invalid_cursor');
    });

    it("a draft's comments are 404 like the draft, except for its author, moderators and admins", async () => {
      await buildComment(t.prisma, { postId: draft.id, authorId: author.id });
      expect((await t.http.get(`/api/v1/posts/${draft.id}/comments`)).status).toBe(404);
      expect((await (await as(reader)).get(`/api/v2/posts/${draft.id}/comments`)).status).toBe(404);
      for (const user of [author, moderator, admin]) {
        expect((await (await as(user)).get(`/api/v2/posts/${draft.id}/comments`)).status).toBe(200);
      }
      expect((await t.http.get('/api/v2/posts/999999/comments')).status).toBe(404);
    });

    it('answers a strong ETag, 304 on If-None-Match, and a new tag once a comment is added', async () => {
      const path = `/api/v2/posts/${listed.id}/comments`;
      const first = await t.http.get(path);
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      const again = await t.http.get(path, { headers: { 'if-none-match': first.headers.etag! } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect((await (await as(reader)).get(path)).headers['cache-control']).toBe('private, no-cache');

      const other = await freshPost();
      await (await as(reader)).post(`/api/v1/posts/${other.id}/comments`, { body: 'new' });
      const otherPath = `/api/v1/posts/${other.id}/comments`;
      const before = await t.http.get(otherPath);
      await (await as(reader)).post(otherPath, { body: 'newer' });
      const after = await t.http.get(otherPath, { headers: { 'if-none-match': before.headers.etag! } });
      expect(after.status).toBe(200);
    });

    it('compresses lists of 1 KiB or more for clients that accept it, not smaller ones', async () => {
      const big = await freshPost();
      await (await as(reader)).post(`/api/v1/posts/${big.id}/comments`, { body: 'long '.repeat(400) });
      const compressed = await t.http.get(`/api/v1/posts/${big.id}/comments`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(compressed.body.data[0].body).toBe('long '.repeat(400));
      const small = await t.http.get(`/api/v1/posts/${listed.id}/comments?page_size=1`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(small.headers['content-encoding']).toBeUndefined();
    });

    it('header versioning: /api/posts/:id/comments is v2 with the v2 media type, else v1', async () => {
      const v2 = await t.http.get(`/api/posts/${listed.id}/comments`, {
        headers: { accept: 'application/vnd.hearth.v2+json' },
      });
      expect(v2.body.data[0].type).toBe('comment');
      expect(v2.headers.vary).toMatch(/accept/i);
      const v1 = await t.http.get(`/api/posts/${listed.id}/comments`);
      expect(v1.body.metadata.total_entries).toBe(5);

      const client = await as(reader);
      const patched = await client.patch(
        `/api/comments/${ids[0]}`,
        { body: 'c1, edited' },
        { headers: { accept: 'application/vnd.hearth.v2+json' } },
      );
      expect(patched.body.data.attributes.body).toBe('c1, edited');
    });
  });

  describe('PATCH /api/v{1,2}/comments/:id', () => {
    it('the author edits within the window: 200 in each version', async () => {
      const client = await as(reader);
      const { body: created } = await client.post(`/api/v1/posts/${post.id}/comments`, { body: 'Typo' });
      const v1 = await client.patch(`/api/v1/comments/${created.id}`, { body: 'Fixed' });
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual(expect.objectContaining({ id: created.id, body: 'Fixed', deleted: false }));
      const v2 = await client.patch(`/api/v2/comments/${created.id}`, { body: 'Fixed again' });
      expect(v2.body.data).toEqual(
        expect.objectContaining({
          id: String(created.id),
          attributes: expect.objectContaining({ body: 'Fixed again' }),
        }),
      );
    });

    it('others, moderators and admins included, get 403 forbidden; anonymous 401; missing 404', async () => {
      const { body: created } = await (
        await as(reader)
      ).post(`/api/v1/posts/${post.id}/comments`, { body: 'Mine' });
      for (const user of [author, moderator, admin]) {
        const response = await (await as(user)).patch(`/api/v1/comments/${created.id}`, { body: 'Theirs' });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
      expect((await t.http.patch(`/api/v2/comments/${created.id}`, { body: 'x' })).status).toBe(401);
      expect((await (await as(reader)).patch('/api/v1/comments/999999', { body: 'x' })).status).toBe(404);
      expect((await (await as(reader)).patch(`/api/v1/comments/${created.id}`, { body: '' })).status).toBe(
        400,
      );
      const stored = await t.prisma.comment.findUniqueOrThrow({ where: { id: created.id } });
      expect(stored.body).toBe('Mine');
    });

    it('after the edit window: 403 edit_window_closed', async () => {
      const { body: created } = await (
        await as(reader)
      ).post(`/api/v1/posts/${post.id}/comments`, { body: 'Old' });
      const windowMs = t.config.comments.editWindowSeconds * 1_000;
      await t.prisma.comment.update({
        where: { id: created.id },
        data: { createdAt: new Date(Date.now() - windowMs - 1_000) },
      });
      const response = await (await as(reader)).patch(`/api/v2/comments/${created.id}`, { body: 'New' });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('edit_window_closed');
    });
  });

  describe('DELETE /api/v{1,2}/comments/:id and comments_count', () => {
    const count = async (id: number) => (await t.http.get(`/api/v1/posts/${id}`)).body.comments_count;

    it('the author, a moderator and an admin delete (204); others get 403; the count follows', async () => {
      const target = await freshPost();
      const client = await as(reader);
      const made = [];
      for (let i = 0; i < 4; i += 1) {
        made.push((await client.post(`/api/v1/posts/${target.id}/comments`, { body: `d${i}` })).body.id);
      }
      expect(await count(target.id)).toBe(4);
      const v2 = await t.http.get(`/api/v2/posts/${target.id}`);
      expect(v2.body.data.attributes.comments_count).toBe(4);

      const refused = await (await as(author)).delete(`/api/v1/comments/${made[0]}`);
      expect(refused.status).toBe(403);
      expect((await t.http.delete(`/api/v1/comments/${made[0]}`)).status).toBe(401);

      expect((await client.delete(`/api/v1/comments/${made[0]}`)).status).toBe(204);
      expect((await (await as(moderator)).delete(`/api/v2/comments/${made[1]}`)).status).toBe(204);
      expect((await (await as(admin)).delete(`/api/v2/comments/${made[2]}`)).status).toBe(204);
      expect((await client.delete(`/api/v1/comments/${made[0]}`)).status).toBe(404);

      expect(await count(target.id)).toBe(1);
      const listed = await t.http.get(`/api/v1/posts/${target.id}/comments`);
      expect(listed.body.data.map((c: { id: number }) => c.id)).toEqual([made[3]]);
    });

    it('a comment with replies stays as a placeholder: deleted, no body, no author; replies still listed', async () => {
      const target = await freshPost();
      const client = await as(reader);
      const top = (await client.post(`/api/v1/posts/${target.id}/comments`, { body: 'Parent' })).body;
      const reply = (
        await (
          await as(author)
        ).post(`/api/v1/posts/${target.id}/comments`, { body: 'Child', parent_id: top.id })
      ).body;

      expect((await client.delete(`/api/v1/comments/${top.id}`)).status).toBe(204);

      const v1 = await t.http.get(`/api/v1/posts/${target.id}/comments`);
      expect(v1.body.data).toEqual([
        expect.objectContaining({ id: top.id, deleted: true, body: null, author_id: null, parent_id: null }),
        expect.objectContaining({ id: reply.id, parent_id: top.id, body: 'Child', deleted: false }),
      ]);
      const v2 = await t.http.get(`/api/v2/posts/${target.id}/comments`);
      expect(v2.body.data[0].attributes).toEqual(
        expect.objectContaining({ deleted: true, body: null, author_id: null }),
      );
      const stored = await t.prisma.comment.findUniqueOrThrow({ where: { id: top.id } });
      expect(stored.body).toBe('');
      expect(await count(target.id)).toBe(1);

      // The placeholder can be neither edited, deleted again nor replied to.
      expect((await client.patch(`/api/v1/comments/${top.id}`, { body: 'Back' })).status).toBe(404);
      expect((await client.delete(`/api/v1/comments/${top.id}`)).status).toBe(404);
      const late = await client.post(`/api/v1/posts/${target.id}/comments`, {
        body: 'Late',
        parent_id: top.id,
      });
      expect(late.status).toBe(422);
    });

    it('deleting a post removes its comments with it', async () => {
      const target = await freshPost();
      await (await as(reader)).post(`/api/v1/posts/${target.id}/comments`, { body: 'Gone soon' });
      expect((await (await as(author)).delete(`/api/v1/posts/${target.id}`)).status).toBe(204);
      expect(await t.prisma.comment.count({ where: { postId: target.id } })).toBe(0);
    });
  });

  describe('Hidden comments (set by moderation)', () => {
    let target: Post;
    let hiddenId: number;
    let shownId: number;

    beforeAll(async () => {
      target = await freshPost();
      const client = await as(reader);
      hiddenId = (await client.post(`/api/v1/posts/${target.id}/comments`, { body: 'Rude' })).body.id;
      shownId = (await client.post(`/api/v1/posts/${target.id}/comments`, { body: 'Kind' })).body.id;
      await t.app.get(CommentsService).setHidden(hiddenId, { reason: 'abuse' });
    });

    it('are never listed for anonymous callers or other users, and leave the count', async () => {
      for (const client of [t.http, await as(author)]) {
        const v1 = await client.get(`/api/v1/posts/${target.id}/comments`);
        expect(v1.body.data.map((c: { id: number }) => c.id)).toEqual([shownId]);
        expect(v1.body.metadata.total_entries).toBe(1);
        const v2 = await client.get(`/api/v2/posts/${target.id}/comments`);
        expect(v2.body.data.map((c: { id: string }) => c.id)).toEqual([String(shownId)]);
      }
      expect((await t.http.get(`/api/v1/posts/${target.id}`)).body.comments_count).toBe(1);
    });

    it('are listed for their author, moderators and admins', async () => {
      for (const user of [reader, moderator, admin]) {
        const v2 = await (await as(user)).get(`/api/v2/posts/${target.id}/comments`);
        expect(v2.body.data.map((c: { id: string }) => c.id)).toEqual([String(hiddenId), String(shownId)]);
      }
    });

    it('are 404 to everyone else for edits, deletes and replies, as if they did not exist', async () => {
      const stranger = await as(author);
      expect((await stranger.patch(`/api/v1/comments/${hiddenId}`, { body: 'x' })).status).toBe(404);
      expect((await stranger.delete(`/api/v1/comments/${hiddenId}`)).status).toBe(404);
      const reply = await stranger.post(`/api/v1/posts/${target.id}/comments`, {
        body: 'x',
        parent_id: hiddenId,
      });
      expect(reply.status).toBe(422);
    });

    it('come back, counted again, when shown again', async () => {
      const other = await freshPost();
      const id = (await (await as(reader)).post(`/api/v1/posts/${other.id}/comments`, { body: 'Maybe' })).body
        .id;
      const service = t.app.get(CommentsService);
      await service.setHidden(id, { reason: 'check' });
      await service.setHidden(id, { reason: 'check again' });
      expect((await t.http.get(`/api/v1/posts/${other.id}`)).body.comments_count).toBe(0);
      await service.setHidden(id, null);
      expect((await t.http.get(`/api/v1/posts/${other.id}`)).body.comments_count).toBe(1);
      expect((await t.http.get(`/api/v1/posts/${other.id}/comments`)).body.data).toHaveLength(1);
    });
  });
});
