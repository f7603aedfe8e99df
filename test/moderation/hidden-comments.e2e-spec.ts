import type { Post, User } from '../../src/generated/prisma/client.js';
import { accessTokenFor, authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { connectSocket, request } from '../support/sockets.js';
import { type EventStream, openEventStream } from '../support/sse.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Moderation meets comments: hiding a comment through the moderation routes, and the comments of a hidden post.

describe('Hiding comments, and comments of hidden posts', () => {
  let t: TestApp;
  let author: User;
  let commenter: User;
  let stranger: User;
  let moderator: User;
  let asModerator: HttpClient;
  const streams: EventStream[] = [];

  const as = async (user: User) => t.http.as(await authHeadersFor(t, user));
  const open = async (headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${t.baseUrl}/api/v2/posts/events`, headers);
    streams.push(stream);
    return stream;
  };
  const comment = async (post: Post, body: string, user = commenter) => {
    const response = await (await as(user)).post(`/api/v1/posts/${post.id}/comments`, { body });
    expect(response.status).toBe(201);
    return response.body.id as number;
  };
  const lastEventId = async () =>
    String((await t.prisma.postEvent.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0n);

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
    commenter = await buildUser(t.prisma);
    stranger = await buildUser(t.prisma);
    moderator = await buildUser(t.prisma, { role: 'moderator' });
    asModerator = await as(moderator);
  });
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(() => t.close());

  it('a hidden comment leaves the list, the count and the live stream, logged; unhide brings it back', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const id = await comment(post, 'Rude remark');
    const stream = await open();

    expect(
      (await asModerator.post(`/api/v2/moderation/comments/${id}/hide`, { reason: 'Rude' })).status,
    ).toBe(204);
    const listed = await (await as(stranger)).get(`/api/v1/posts/${post.id}/comments`);
    expect(listed.body.data).toEqual([]);
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.comments_count).toBe(0);
    const own = await (await as(commenter)).get(`/api/v2/posts/${post.id}/comments`);
    expect(own.body.data.map((c: { id: string }) => c.id)).toEqual([String(id)]);

    expect((await asModerator.post(`/api/v2/moderation/comments/${id}/unhide`)).status).toBe(204);
    await stream.waitForEvents(1, 'comment_created');
    expect(stream.events.map((event) => [event.event, JSON.parse(event.data)])).toEqual([
      ['comment_deleted', { dom_id: `comments-${id}`, post_id: post.id, comment: null }],
      [
        'comment_created',
        {
          dom_id: `comments-${id}`,
          post_id: post.id,
          comment: expect.objectContaining({ body: 'Rude remark' }),
        },
      ],
    ]);
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.comments_count).toBe(1);
    const log = await asModerator.get('/api/v2/moderation/log?limit=2');
    expect(
      log.body.data.map((e: { action: string; target_type: string }) => [e.action, e.target_type]),
    ).toEqual([
      ['unhide', 'comment'],
      ['hide', 'comment'],
    ]);
  });

  it('a deleted comment (a placeholder) cannot be hidden: 404', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const parent = await comment(post, 'Parent');
    await (
      await as(stranger)
    ).post(`/api/v1/posts/${post.id}/comments`, { body: 'Reply', parent_id: parent });
    expect((await (await as(commenter)).delete(`/api/v1/comments/${parent}`)).status).toBe(204);

    const response = await asModerator.post(`/api/v2/moderation/comments/${parent}/hide`, { reason: 'x' });

    expect([response.status, response.body.error.code]).toEqual([404, 'not_found']);
  });

  describe('the comments of a hidden post', () => {
    let post: Post;

    beforeAll(async () => {
      post = await buildPost(t.prisma, { authorId: author.id });
      await comment(post, 'Said before the hide');
      await asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: 'Spam' });
    });

    it('are 404 to anonymous callers and other users, in v1 and v2, and cannot be added to', async () => {
      for (const client of [t.http, await as(stranger)]) {
        for (const v of ['v1', 'v2']) {
          expect((await client.get(`/api/${v}/posts/${post.id}/comments`)).status).toBe(404);
        }
      }
      const added = await (await as(stranger)).post(`/api/v2/posts/${post.id}/comments`, { body: 'Hello?' });
      expect([added.status, added.body.error.code]).toEqual([404, 'not_found']);
    });

    it('are listed for the post’s author and moderators', async () => {
      for (const user of [author, moderator]) {
        const response = await (await as(user)).get(`/api/v1/posts/${post.id}/comments`);
        expect(response.status).toBe(200);
        expect(response.body.data.map((c: { body: string }) => c.body)).toEqual(['Said before the hide']);
      }
    });

    it('say nothing live while the post is hidden (a sentinel on a public post arrives alone)', async () => {
      const stream = await open();
      await comment(post, 'Said while hidden', author);
      const open_ = await buildPost(t.prisma, { authorId: author.id });
      const sentinel = await comment(open_, 'Sentinel');

      await stream.waitForEvents(1, 'comment_created');
      expect(stream.events.map((event) => JSON.parse(event.data).dom_id)).toEqual([`comments-${sentinel}`]);
    });

    it('post:<id> of a hidden post cannot be joined by others', async () => {
      const socket = await connectSocket(t.baseUrl, await accessTokenFor(t, stranger));
      try {
        expect(await request(socket, 'join', { topic: `post:${post.id}` })).toMatchObject({ ok: false });
      } finally {
        socket.close();
      }
    });
  });

  it('SSE replay carries no comment body of a post hidden since', async () => {
    const resumeAfter = await lastEventId();
    const post = await buildPost(t.prisma, { authorId: author.id });
    await comment(post, 'Comment secret');
    await asModerator.post(`/api/v2/moderation/posts/${post.id}/hide`, { reason: 'Spam' });
    const sentinel = await buildPost(t.prisma, { authorId: author.id });
    const sentinelComment = await comment(sentinel, 'Replay sentinel');

    const resumed = await open({ 'last-event-id': resumeAfter });
    await resumed.waitForEvents(1, 'comment_created');

    expect(resumed.events.some((event) => event.data.includes('Comment secret'))).toBe(false);
    expect(resumed.events.map((event) => [event.event, JSON.parse(event.data).dom_id])).toEqual([
      ['post_deleted', `posts-${post.id}`],
      ['comment_created', `comments-${sentinelComment}`],
    ]);
  });
});
