import type { Socket } from 'socket.io-client';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { nextEvent, recordEvents, request, untilSentinelLands } from '../support/sockets.js';
import { Cluster, clusterModes } from './cluster.js';

describe.each(clusterModes)('The posts topic (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let author: User;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env });
    author = await buildUser(cluster.primary.prisma);
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  async function subscribers(count: number): Promise<Socket[]> {
    const sockets: Socket[] = [];
    for (let i = 0; i < count; i += 1) {
      const socket = await cluster.connect(await buildUser(cluster.primary.prisma));
      expect(await request(socket, 'join', { topic: 'posts' })).toEqual({ ok: true });
      sockets.push(socket);
    }
    return sockets;
  }

  it('delivers each create, update and delete exactly once to every subscriber on every instance', async () => {
    const sockets = await subscribers(4);
    const received = sockets.map((socket) => ({
      created: recordEvents(socket, 'post_created'),
      updated: recordEvents(socket, 'post_updated'),
      deleted: recordEvents(socket, 'post_deleted'),
    }));
    // Writes land on the last instance, subscribers sit on all of them.
    const writer = cluster.apps[cluster.apps.length - 1];
    const client = writer.http.as(await authHeadersFor(writer, author));

    const lastDeleted = sockets.map((socket) => nextEvent(socket, 'post_deleted'));
    const { body } = await client.post('/api/v2/posts', { title: 'Live', body: 'Fresh off the press' });
    const id = Number(body.data.id);
    await client.patch(`/api/v1/posts/${id}`, { title: 'Live, edited' });
    await client.delete(`/api/v1/posts/${id}`);
    await Promise.all(lastDeleted);
    // A sentinel post written after them: when it lands everywhere, any duplicate would have landed first.
    const sentinels = sockets.map((socket) =>
      nextEvent(socket, 'post_created', (event) => event.post.title === 'Sentinel'),
    );
    await client.post('/api/v1/posts', { title: 'Sentinel', body: 'Last one' });
    await Promise.all(sentinels);

    for (const events of received) {
      expect(events.created).toEqual([
        {
          dom_id: `posts-${id}`,
          post: expect.objectContaining({ title: 'Live', body: 'Fresh off the press', published: true }),
        },
        expect.objectContaining({ post: expect.objectContaining({ title: 'Sentinel' }) }),
      ]);
      expect(events.updated).toEqual([
        { dom_id: `posts-${id}`, post: expect.objectContaining({ title: 'Live, edited' }) },
      ]);
      expect(events.deleted).toEqual([{ dom_id: `posts-${id}`, post: null }]);
    }
  });

  it('says nothing about drafts, and nothing to sockets that did not join', async () => {
    const [subscriber] = await subscribers(1);
    // On the subscriber's instance, which hands each post event to all its subscribed sockets in one step.
    const bystander = await cluster.connect(author, 0);
    const heardBySubscriber = recordEvents(subscriber, 'post_created');
    const heardByBystander = recordEvents(bystander, 'post_created');
    const client = cluster.primary.http.as(await authHeadersFor(cluster.primary, author));

    await client.post('/api/v1/posts', { title: 'Draft', body: 'Not yet', published: false });
    const published = nextEvent(subscriber, 'post_created');
    await client.post('/api/v1/posts', { title: 'Public', body: 'Now' });
    expect((await published).post.title).toBe('Public');
    // The published post is the subscriber's sentinel: the draft was written before it.
    expect(heardBySubscriber).toEqual([
      expect.objectContaining({ post: expect.objectContaining({ title: 'Public' }) }),
    ]);
    // The bystander's: it joins only now, so a post written next is the first it may hear.
    expect(await request(bystander, 'join', { topic: 'posts' })).toEqual({ ok: true });
    const sentinel = await untilSentinelLands(
      bystander,
      'post_created',
      (event) => event.post.title === 'Sentinel',
      () => client.post('/api/v1/posts', { title: 'Sentinel', body: 'After the join' }),
    );
    expect(heardByBystander).toEqual([sentinel]);
  });
});
