import type { Socket } from 'socket.io-client';
import { CommentsService } from '../../src/comments/comments.service.js';
import type { Post, User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { nextEvent, request } from '../support/sockets.js';
import { type EventStream, openEventStream } from '../support/sse.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';

const COMMENT_EVENTS = ['comment_created', 'comment_updated', 'comment_deleted'] as const;

/** Every comment event a socket receives from now on, in order, with its type. */
function recordComments(socket: Socket): { type: string; payload: any }[] {
  const received: { type: string; payload: any }[] = [];
  for (const type of COMMENT_EVENTS) socket.on(type, (payload: unknown) => received.push({ type, payload }));
  return received;
}

describe.each(clusterModes)('Live comments (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let author: User;
  let commenter: User;
  let writer: HttpClient;
  const streams: EventStream[] = [];

  // Writes land on the last instance; sockets and streams sit on all of them.
  const comment = async (postId: number, body: string, parentId?: number) => {
    const response = await writer.post(`/api/v2/posts/${postId}/comments`, { body, parent_id: parentId });
    expect(response.status).toBe(201);
    return Number(response.body.data.id);
  };
  const joined = async (topic: string, user?: User) => {
    const socket = await cluster.connect(user ?? (await buildUser(cluster.primary.prisma)));
    expect(await request(socket, 'join', { topic })).toEqual({ ok: true });
    return socket;
  };
  const openStream = async (headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${cluster.primary.baseUrl}/api/v2/posts/events`, headers);
    streams.push(stream);
    return stream;
  };
  const publicPost = (): Promise<Post> => buildPost(cluster.primary.prisma, { authorId: author.id });

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env: { ...env, COMMENT_CREATE_LIMIT: '10000' } });
    author = await buildUser(cluster.primary.prisma);
    commenter = await buildUser(cluster.primary.prisma);
    const last = cluster.apps[cluster.apps.length - 1];
    writer = last.http.as(await authHeadersFor(last, commenter));
  });
  afterEach(() => {
    cluster.disconnectAll();
    streams.splice(0).forEach((stream) => stream.close());
  });
  afterAll(() => cluster.close());

  it('sends each create, update and delete once to `posts` and to that post’s `post:<id>`, on every instance', async () => {
    const post = await publicPost();
    const listeners = [
      await joined('posts'),
      await joined(`post:${post.id}`),
      await joined(`post:${post.id}`),
    ];
    const both = await joined('posts');
    expect(await request(both, 'join', { topic: `post:${post.id}` })).toEqual({ ok: true });
    const received = [...listeners, both].map(recordComments);
    const lastDeleted = [...listeners, both].map((socket) => nextEvent(socket, 'comment_deleted'));

    const id = await comment(post.id, 'Live comment');
    await writer.patch(`/api/v1/comments/${id}`, { body: 'Live comment, edited' });
    await writer.delete(`/api/v2/comments/${id}`);
    await Promise.all(lastDeleted);

    const base = { dom_id: `comments-${id}`, post_id: post.id };
    for (const events of received) {
      expect(events).toEqual([
        {
          type: 'comment_created',
          payload: {
            ...base,
            comment: expect.objectContaining({
              post_id: post.id,
              parent_id: null,
              body: 'Live comment',
              author_id: commenter.id,
              deleted: false,
            }),
          },
        },
        {
          type: 'comment_updated',
          payload: { ...base, comment: expect.objectContaining({ body: 'Live comment, edited' }) },
        },
        { type: 'comment_deleted', payload: { ...base, comment: null } },
      ]);
    }
  });

  it('post:<id> streams only that post’s comments; a deleted parent with replies is announced as a placeholder', async () => {
    const [mine, other] = [await publicPost(), await publicPost()];
    const socket = await joined(`post:${mine.id}`);
    const received = recordComments(socket);

    await comment(other.id, 'Elsewhere');
    const parent = await comment(mine.id, 'Parent');
    await comment(mine.id, 'Child', parent);
    const placeholder = nextEvent(socket, 'comment_deleted');
    await writer.delete(`/api/v1/comments/${parent}`);

    expect((await placeholder).comment).toEqual(
      expect.objectContaining({ deleted: true, body: null, author_id: null, post_id: mine.id }),
    );
    // The delete is the sentinel: the comment on the other post, written first, never arrived.
    expect(received.map((event) => [event.type, event.payload.comment?.body ?? null])).toEqual([
      ['comment_created', 'Parent'],
      ['comment_created', 'Child'],
      ['comment_deleted', null],
    ]);
  });

  it('says nothing about comments on drafts or hidden comments, except that a hidden one is gone', async () => {
    const draft = await buildPost(cluster.primary.prisma, { authorId: commenter.id, published: false });
    const post = await publicPost();
    const socket = await joined('posts');
    const received = recordComments(socket);

    await comment(draft.id, 'On a draft');
    const hidden = await comment(post.id, 'Soon hidden');
    const removal = nextEvent(socket, 'comment_deleted');
    await cluster.primary.app.get(CommentsService).setHidden(hidden, { reason: 'spam' });
    expect(await removal).toEqual({ dom_id: `comments-${hidden}`, post_id: post.id, comment: null });

    expect(received.map((event) => event.type)).toEqual(['comment_created', 'comment_deleted']);
    expect(received[0].payload.comment.body).toBe('Soon hidden');
  });

  it('lets anyone who can see the post join post:<id>, and nobody send to it', async () => {
    const draft = await buildPost(cluster.primary.prisma, { authorId: author.id, published: false });
    const stranger = await cluster.connect(await buildUser(cluster.primary.prisma));
    for (const topic of [`post:${draft.id}`, 'post:2147483647']) {
      expect(await request(stranger, 'join', { topic })).toMatchObject({
        ok: false,
        error: { code: 'topic_forbidden' },
      });
    }
    expect(await request(stranger, 'join', { topic: 'post:0' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_topic' },
    });
    const owner = await joined(`post:${draft.id}`, author);
    expect(await request(owner, 'new_message', { topic: `post:${draft.id}`, body: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'topic_read_only' },
    });
  });

  it('the SSE stream carries the same comment events, with ids', async () => {
    const post = await publicPost();
    const stream = await openStream();

    const id = await comment(post.id, 'Streamed comment');
    await writer.patch(`/api/v1/comments/${id}`, { body: 'Streamed, edited' });
    await writer.delete(`/api/v1/comments/${id}`);
    const events = (await stream.waitForEvents(3)).filter((event) => event.event?.startsWith('comment_'));

    expect(events.map((event) => event.event)).toEqual([...COMMENT_EVENTS]);
    expect(events.every((event) => /^\d+$/.test(event.id!))).toBe(true);
    expect(events.map((event) => JSON.parse(event.data))).toEqual([
      {
        dom_id: `comments-${id}`,
        post_id: post.id,
        comment: expect.objectContaining({ body: 'Streamed comment' }),
      },
      {
        dom_id: `comments-${id}`,
        post_id: post.id,
        comment: expect.objectContaining({ body: 'Streamed, edited' }),
      },
      { dom_id: `comments-${id}`, post_id: post.id, comment: null },
    ]);
  });

  it('replays missed comment events after Last-Event-ID, never the body of one deleted or hidden since', async () => {
    const post = await publicPost();
    const first = await openStream();
    const marker = await comment(post.id, 'Seen live');
    const [seen] = await first.waitForEvents(1, 'comment_created');
    expect(JSON.parse(seen.data).dom_id).toBe(`comments-${marker}`);
    first.close();

    const kept = await comment(post.id, 'Missed, still there');
    const deleted = await comment(post.id, 'Missed, deleted since');
    const hidden = await comment(post.id, 'Missed, hidden since');
    await writer.delete(`/api/v1/comments/${deleted}`);
    await cluster.primary.app.get(CommentsService).setHidden(hidden, { reason: 'abuse' });
    // Hidden behind moderation's back (no event): replays still leave its body out.
    const quiet = await comment(post.id, 'Missed, hidden quietly');
    await cluster.primary.prisma.comment.update({ where: { id: quiet }, data: { hiddenAt: new Date() } });

    const resumed = await openStream({ 'last-event-id': seen.id! });
    await resumed.waitForEvents(2, 'comment_deleted');
    const sentinel = await comment(post.id, 'Live again');
    await resumed.waitForEvents(2, 'comment_created');

    const replay = resumed.events.map((event) => [event.event, JSON.parse(event.data).dom_id]);
    expect(replay).toEqual([
      ['comment_created', `comments-${kept}`],
      ['comment_deleted', `comments-${deleted}`],
      ['comment_deleted', `comments-${hidden}`],
      ['comment_created', `comments-${sentinel}`],
    ]);
    expect(resumed.events.map((event) => event.data).join('\n')).not.toMatch(/deleted since|hidden/);
  });
});
