import type { User } from '../../src/generated/prisma/client.js';
import { PostEventsBus } from '../../src/posts/post-events-bus.js';
import { PostEventsStream } from '../../src/posts/post-events.stream.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { type EventStream, openEventStream } from '../support/sse.js';
import { Cluster, clusterModes } from './cluster.js';

describe.each(clusterModes)('GET /api/v2/posts/events (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let author: User;
  let writer: HttpClient;
  const streams: EventStream[] = [];

  // Streams read from the last instance; posts are written through the first.
  const open = async (headers: Record<string, string> = {}) => {
    const stream = await openEventStream(
      `${cluster.apps[cluster.apps.length - 1].baseUrl}/api/v2/posts/events`,
      headers,
    );
    streams.push(stream);
    return stream;
  };
  const createPost = async (title: string) => {
    const { body } = await writer.post('/api/v2/posts', { title, body: `${title} body` });
    return Number(body.data.id);
  };

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env: { ...env, SSE_HEARTBEAT_MS: '200' } });
    author = await buildUser(cluster.primary.prisma);
    writer = cluster.primary.http.as(await authHeadersFor(cluster.primary, author));
  });
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(() => cluster.close());

  it('streams create, update and delete once each, with ids and the socket payloads', async () => {
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('x-request-id')).toBeTruthy();

    const id = await createPost('Streamed');
    await writer.patch(`/api/v2/posts/${id}`, { title: 'Streamed, edited' });
    await writer.delete(`/api/v2/posts/${id}`);
    await stream.waitForEvents(3);
    // A sentinel post written after them: a duplicate would have arrived before it.
    const sentinel = await createPost('Sentinel');
    await stream.waitForEvents(4);
    expect(JSON.parse(stream.events.pop()!.data).dom_id).toBe(`posts-${sentinel}`);

    expect(stream.events.map((event) => event.event)).toEqual([
      'post_created',
      'post_updated',
      'post_deleted',
    ]);
    const ids = stream.events.map((event) => BigInt(event.id!));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(stream.events.map((event) => JSON.parse(event.data))).toEqual([
      { dom_id: `posts-${id}`, post: expect.objectContaining({ title: 'Streamed', published: true }) },
      { dom_id: `posts-${id}`, post: expect.objectContaining({ title: 'Streamed, edited' }) },
      { dom_id: `posts-${id}`, post: null },
    ]);
  });

  it('tells clients to reconnect after 2 s (retry: 2000)', async () => {
    const stream = await open();
    expect(stream.retryMs).toBe(2_000);
  });

  it('replays after ?last_event_id= for clients that cannot set headers', async () => {
    const first = await open();
    await createPost('Seen by query');
    const [seen] = await first.waitForEvents(1);
    first.close();
    const missed = await createPost('Missed by query');

    const stream = await openEventStream(
      `${cluster.apps[cluster.apps.length - 1].baseUrl}/api/v2/posts/events?last_event_id=${seen.id}`,
    );
    streams.push(stream);
    const [replayed] = await stream.waitForEvents(1);
    expect(JSON.parse(replayed.data).dom_id).toBe(`posts-${missed}`);
  });

  it('tells a client that missed more than 1000 events to reload', async () => {
    const stream = await open();
    const id = await createPost('Busy day');
    const [seen] = await stream.waitForEvents(1);
    stream.close();
    await cluster.primary.prisma.postEvent.createMany({
      data: Array.from({ length: 1_001 }, () => ({
        type: 'post_deleted',
        postId: id,
        payload: { dom_id: `posts-${id}`, post: null },
      })),
    });

    const resumed = await open({ 'last-event-id': seen.id! });
    const [reset] = await resumed.waitForEvents(1, 'reset');
    expect(reset.event).toBe('reset');
    expect(resumed.events.filter((event) => event.event !== 'reset')).toEqual([]);
  });

  it('sends heartbeat comments while idle', async () => {
    const stream = await open();
    // Rejects unless two heartbeats arrive (every SSE_HEARTBEAT_MS = 200 ms) within the wait.
    await stream.waitForComments(2, 'heartbeat');
    expect(stream.events).toEqual([]);
  });

  it('replays what a client missed after Last-Event-ID, then continues live, without duplicates', async () => {
    const first = await open();
    await createPost('Seen');
    const [seen] = await first.waitForEvents(1);
    first.close();

    const missed = [await createPost('Missed 1'), await createPost('Missed 2')];
    const resumed = await open({ 'last-event-id': seen.id! });
    await resumed.waitForEvents(2);
    const live = await createPost('Live again');
    await resumed.waitForEvents(3);
    const sentinel = await createPost('Sentinel');
    await resumed.waitForEvents(4);

    expect(resumed.events.map((event) => JSON.parse(event.data).dom_id)).toEqual([
      ...missed.map((id) => `posts-${id}`),
      `posts-${live}`,
      `posts-${sentinel}`,
    ]);
    expect(new Set(resumed.events.map((event) => event.id)).size).toBe(4);
  });

  it('tells a client whose gap is older than the replay window to reload', async () => {
    const stream = await open();
    await createPost('Old news');
    const [event] = await stream.waitForEvents(1);
    await createPost('Older than the window');
    const [, old] = await stream.waitForEvents(2);
    await cluster.primary.prisma.postEvent.update({
      where: { id: BigInt(old.id!) },
      data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
    });

    const resumed = await open({ 'last-event-id': event.id! });
    const [reset] = await resumed.waitForEvents(1, 'reset');
    expect(reset.event).toBe('reset');
    expect(resumed.events.filter((e) => e.event !== 'reset')).toEqual([]);
  });

  it('delivers live events that arrive out of id order (commits on different instances race)', async () => {
    const stream = await open();
    const bus = cluster.primary.app.get(PostEventsBus);
    for (const id of ['9000000002', '9000000001']) {
      await bus.publish({ id, type: 'post_deleted', payload: { dom_id: `posts-${id}`, post: null } });
    }
    const events = await stream.waitForEvents(2);
    expect(events.map((event) => event.id)).toEqual(['9000000002', '9000000001']);
  });

  it('prunes events older than the replay window and keeps the rest', async () => {
    const id = await createPost('Kept');
    const stale = await cluster.primary.prisma.postEvent.create({
      data: {
        type: 'post_deleted',
        postId: id,
        payload: { dom_id: `posts-${id}`, post: null },
        createdAt: new Date(Date.now() - 2 * 3_600_000),
      },
    });

    await cluster.primary.app.get(PostEventsStream).pruneExpired();

    expect(await cluster.primary.prisma.postEvent.findUnique({ where: { id: stale.id } })).toBeNull();
    expect(await cluster.primary.prisma.postEvent.count({ where: { postId: id } })).toBe(1);
  });

  it('ignores a malformed Last-Event-ID and streams live events', async () => {
    const stream = await open({ 'last-event-id': 'garbage' });
    const id = await createPost('After garbage');
    const [event] = await stream.waitForEvents(1);
    expect(JSON.parse(event.data).dom_id).toBe(`posts-${id}`);
  });
});
