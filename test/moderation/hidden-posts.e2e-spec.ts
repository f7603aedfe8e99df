import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { finishedJob } from '../jobs/support/finished-job.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A moderator hides a post: from then on it behaves like a draft for everyone but its author, moderators and
// admins, in both API versions, in every list and in search.

describe('Hidden posts', () => {
  let t: TestApp;
  let author: User;
  let stranger: User;
  let moderator: User;
  let admin: User;
  let hidden: Post;
  let visible: Post;
  let asModerator: HttpClient;

  const as = async (user: User | null) => (user ? t.http.as(await authHeadersFor(t, user)) : t.http);

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
    stranger = await buildUser(t.prisma);
    moderator = await buildUser(t.prisma, { role: 'moderator' });
    admin = await buildUser(t.prisma, { role: 'admin' });
    asModerator = await as(moderator);
    visible = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'Harmless gardening',
      body: 'Tomatoes.',
    });
    hidden = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'Spammy gardening',
      body: 'Buy tomatoes.',
    });
    const response = await asModerator.post(`/api/v2/moderation/posts/${hidden.id}/hide`, { reason: 'Spam' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });
  afterAll(() => t.close());

  it('keeps the post, with when and why it was hidden', async () => {
    const row = await t.prisma.post.findUniqueOrThrow({ where: { id: hidden.id } });
    expect(row).toMatchObject({ hiddenReason: 'Spam', title: 'Spammy gardening' });
    expect(row.hiddenAt).toBeInstanceOf(Date);
  });

  it.each(['v1', 'v2'])(
    'is 404 in %s for anonymous callers and other users, like a missing post',
    async (v) => {
      const missing = await t.http.get(`/api/${v}/posts/99999999`);
      for (const viewer of [null, stranger]) {
        const response = await (await as(viewer)).get(`/api/${v}/posts/${hidden.id}`);
        expect(response.status).toBe(404);
        expect(response.body).toEqual(missing.body);
      }
    },
  );

  it.each([
    ['its author', () => author],
    ['a moderator', () => moderator],
    ['an admin', () => admin],
  ])('is visible to %s in both versions', async (_who, viewer) => {
    const http = await as(viewer());
    const v1 = await http.get(`/api/v1/posts/${hidden.id}`);
    const v2 = await http.get(`/api/v2/posts/${hidden.id}`);

    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ id: hidden.id, title: 'Spammy gardening' });
    expect(v2.status).toBe(200);
    expect(v2.body.data.attributes).toMatchObject({ title: 'Spammy gardening' });
  });

  it('is never listed in v1 or v2, not even to its author, a moderator or an admin', async () => {
    for (const viewer of [null, stranger, author, moderator, admin]) {
      const http = await as(viewer);
      const v1 = await http.get('/api/v1/posts?page_size=100');
      const v2 = await http.get('/api/v2/posts?limit=100');

      expect(v1.body.data.map((p: { id: number }) => p.id)).toEqual([visible.id]);
      expect(v1.body.metadata.total_entries).toBe(1);
      expect(v2.body.data.map((p: { id: string }) => p.id)).toEqual([String(visible.id)]);
    }
  });

  it('is never found by search, not even by its author or a moderator', async () => {
    for (const viewer of [stranger, author, moderator]) {
      const http = await as(viewer);
      const accepted = await http.post('/api/search/jobs', { query: 'gardening' });
      const done = await finishedJob(http, accepted.body.id);

      expect(done.body.result.posts.map((hit: { id: number }) => hit.id)).toEqual([visible.id]);
    }
  });

  it('cannot be liked by someone who cannot see it (404, nothing counted)', async () => {
    const response = await (await as(stranger)).post(`/api/v1/posts/${hidden.id}/like`);

    expect(response.status).toBe(404);
    expect(await t.prisma.postLike.count({ where: { postId: hidden.id } })).toBe(0);
  });

  it('stays hidden when its author edits or republishes it', async () => {
    const http = await as(author);
    const edit = await http.patch(`/api/v2/posts/${hidden.id}`, { title: 'Spammy, edited', published: true });

    expect(edit.status).toBe(200);
    expect((await t.http.get(`/api/v2/posts/${hidden.id}`)).status).toBe(404);
  });

  it('comes back for everyone on unhide, and hiding twice or unhiding twice changes nothing', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const hide = () => asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: 'Off topic' });
    const unhide = () => asModerator.post(`/api/v2/moderation/posts/${post.id}/unhide`);

    expect((await hide()).status).toBe(204);
    expect((await hide()).status).toBe(204);
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).status).toBe(404);
    expect((await unhide()).status).toBe(204);
    expect((await unhide()).status).toBe(204);
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).status).toBe(200);
    expect(await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      hiddenAt: null,
      hiddenReason: null,
    });
    const logged = await t.prisma.moderationAction.findMany({
      where: { targetId: post.id },
      orderBy: { id: 'asc' },
    });
    expect(logged.map((entry) => entry.action)).toEqual(['hide', 'unhide']);
  });

  it('a hidden draft stays a draft after unhide (hiding does not publish)', async () => {
    const draft = await buildPost(t.prisma, { authorId: author.id, published: false });
    await asModerator.post(`/api/v2/moderation/posts/${draft.id}/hide`, { reason: 'Abusive draft' });
    await asModerator.post(`/api/v2/moderation/posts/${draft.id}/unhide`, { reason: 'Cleaned up' });

    expect((await t.http.get(`/api/v2/posts/${draft.id}`)).status).toBe(404);
    expect((await (await as(author)).get(`/api/v2/posts/${draft.id}`)).status).toBe(200);
  });
});

describe('Hiding and unhiding: who may, and bad requests', () => {
  let t: TestApp;
  let post: Post;

  beforeAll(async () => {
    t = await startTestApp();
    post = await buildPost(t.prisma);
  });
  afterAll(() => t.close());

  it.each(['posts', 'comments'])('refuses anonymous callers (401) and users (403) on %s', async (kind) => {
    const user = await buildUser(t.prisma);
    for (const action of ['hide', 'unhide']) {
      const path = `/api/v2/moderation/${kind}/${post.id}/${action}`;
      const anonymous = await t.http.post(path, { reason: 'x' });
      const asUser = await t.http.post(path, { reason: 'x' }, { headers: await authHeadersFor(t, user) });

      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthenticated']);
      expect([asUser.status, asUser.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect(await t.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      hiddenAt: null,
    });
    expect(await t.prisma.moderationAction.count()).toBe(0);
  });

  it('answers 404 for unknown posts and comments, and 400 for ids that are not ids', async () => {
    const headers = await authHeadersFor(t, await buildUser(t.prisma, { role: 'moderator' }));
    for (const kind of ['posts', 'comments']) {
      for (const action of ['hide', 'unhide']) {
        const unknown = await t.http.post(
          `/api/v2/moderation/${kind}/99999999/${action}`,
          { reason: 'x' },
          { headers },
        );
        const beyondInt4 = await t.http.post(
          `/api/v2/moderation/${kind}/3000000000/${action}`,
          { reason: 'x' },
          { headers },
        );
        const notAnId = await t.http.post(
          `/api/v2/moderation/${kind}/abc/${action}`,
          { reason: 'x' },
          { headers },
        );

        expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
        expect(beyondInt4.status).toBe(404);
        expect([notAnId.status, notAnId.body.error.code]).toEqual([400, 'validation_failed']);
      }
    }
  });

  it('requires a reason to hide (1 to 1000 characters), and takes an optional one to unhide', async () => {
    const headers = await authHeadersFor(t, await buildUser(t.prisma, { role: 'admin' }));
    const hide = (body: unknown) =>
      t.http.post(`/api/v2/moderation/posts/${post.id}/hide`, body, { headers });

    for (const body of [
      undefined,
      {},
      { reason: '' },
      { reason: 'x'.repeat(1001) },
      { reason: null },
      { reason: 7 },
    ]) {
      const response = await hide(body);
      expect([response.status, response.body.error.code]).toEqual([400, 'validation_failed']);
      const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
      expect(new Set(fields)).toEqual(new Set(['reason']));
    }
    expect((await hide({ reason: 'x'.repeat(1000) })).status).toBe(204);
    const unhide = await t.http.post(
      `/api/v2/moderation/posts/${post.id}/unhide`,
      { reason: '' },
      { headers },
    );
    expect(unhide.status).toBe(400);
    expect((await t.http.post(`/api/v2/moderation/posts/${post.id}/unhide`, {}, { headers })).status).toBe(
      204,
    );
  });

  it('refuses an API key even when it belongs to a moderator (403 api_key_forbidden)', async () => {
    const moderator = await buildUser(t.prisma, { role: 'moderator' });
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const created = await t.http.post(
      '/api/admin/api-keys',
      { name: 'mod bot', user_id: moderator.id },
      { headers: await authHeadersFor(t, admin) },
    );
    expect(created.status).toBe(201);

    const response = await t.http.post(
      `/api/v2/moderation/posts/${post.id}/hide`,
      { reason: 'bot' },
      { headers: { 'x-api-key': created.body.key } },
    );

    expect([response.status, response.body.error.code]).toEqual([403, 'api_key_forbidden']);
  });
});
