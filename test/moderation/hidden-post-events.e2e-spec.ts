import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { nextEvent, recordEvents, request } from '../support/sockets.js';
import { type EventStream, openEventStream } from '../support/sse.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';

// For subscribers of the live post list (socket `posts` topic and SSE), hiding a post is its removal and unhiding
// its return; while hidden, nothing about it is sent, live or replayed.

describe.each(clusterModes)('Hidden posts in the live list (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let author: User;
  let writer: HttpClient;
  let moderator: HttpClient;
  const streams: EventStream[] = [];

  // Streams and sockets read from the last instance; writes go through the first.
  const reader = () => cluster.apps[cluster.apps.length - 1];
  const open = async (headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${reader().baseUrl}/api/v2/posts/events`, headers);
    streams.push(stream);
    return stream;
  };
  const createPost = async (title: string) => {
    const { body } = await writer.post('/api/v2/posts', { title, body: `${title} body` });
    return Number(body.data.id);
  };
  const hide = (id: number) => moderator.post(`/api/v2/moderation/posts/${id}/hide`, { reason: 'Spam' });
  const unhide = (id: number) => moderator.post(`/api/v2/moderation/posts/${id}/unhide`);
  const lastEventId = async () =>
    String((await cluster.primary.prisma.postEvent.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0n);

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env });
    author = await buildUser(cluster.primary.prisma);
    writer = cluster.primary.http.as(await authHeadersFor(cluster.primary, author));
    const mod = await buildUser(cluster.primary.prisma, { role: 'moderator' });
    moderator = cluster.primary.http.as(await authHeadersFor(cluster.primary, mod));
  });
  afterEach(() => {
    streams.splice(0).forEach((stream) => stream.close());
    cluster.disconnectAll();
  });
  afterAll(() => cluster.close());

  it('SSE: hiding is a post_deleted, unhiding a post_created; edits while hidden send nothing', async () => {
    const id = await createPost('Soon hidden');
    const stream = await open();

    expect((await hide(id)).status).toBe(204);
    await writer.patch(`/api/v2/posts/${id}`, { title: 'Edited while hidden' });
    expect((await unhide(id)).status).toBe(204);
    const sentinel = await createPost('Sentinel');
    await stream.waitForEvents(2, 'post_created');

    expect(stream.events.map((event) => [event.event, JSON.parse(event.data)])).toEqual([
      ['post_deleted', { dom_id: `posts-${id}`, post: null }],
      [
        'post_created',
        { dom_id: `posts-${id}`, post: expect.objectContaining({ title: 'Edited while hidden' }) },
      ],
      ['post_created', expect.objectContaining({ dom_id: `posts-${sentinel}` })],
    ]);
  });

  it('SSE replay (Last-Event-ID) sends the removal of a hidden post, never the content it had', async () => {
    const resumeAfter = await lastEventId();
    const secret = `Hidden secret ${Date.now()}`;
    const id = await createPost(secret);
    await writer.patch(`/api/v2/posts/${id}`, { body: `${secret}, edited` });
    await hide(id);
    await writer.patch(`/api/v2/posts/${id}`, { body: `${secret}, edited while hidden` });
    const sentinel = await createPost('Replay sentinel');

    const resumed = await open({ 'last-event-id': resumeAfter });
    await resumed.waitForEvents(1, 'post_created');

    expect(resumed.events.map((event) => [event.event, JSON.parse(event.data)])).toEqual([
      ['post_deleted', { dom_id: `posts-${id}`, post: null }],
      ['post_created', expect.objectContaining({ dom_id: `posts-${sentinel}` })],
    ]);
    expect(resumed.events.some((event) => event.data.includes('Hidden secret'))).toBe(false);
  });

  it('the posts topic: subscribers on every instance see the hide as post_deleted and nothing while hidden', async () => {
    const id = await createPost('Socket hidden');
    const socket = await cluster.connect(await buildUser(cluster.primary.prisma), cluster.apps.length - 1);
    expect(await request(socket, 'join', { topic: 'posts' })).toEqual({ ok: true });
    const updated = recordEvents(socket, 'post_updated');
    const created = recordEvents(socket, 'post_created');

    const deleted = nextEvent(socket, 'post_deleted');
    await hide(id);
    expect(await deleted).toEqual({ dom_id: `posts-${id}`, post: null });

    await writer.patch(`/api/v2/posts/${id}`, { title: 'Edited while hidden' });
    const sentinelArrived = nextEvent(socket, 'post_created');
    const sentinel = await createPost('Socket sentinel');
    expect(await sentinelArrived).toMatchObject({ dom_id: `posts-${sentinel}` });
    expect(updated).toEqual([]);
    expect(created.map((event: { dom_id: string }) => event.dom_id)).toEqual([`posts-${sentinel}`]);
  });
});
