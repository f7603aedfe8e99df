import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { joinTopic, nextEvent, recordEvents, request, untilSentinelLands } from '../support/sockets.js';
import { Cluster, clusterModes } from './cluster.js';

// Sent by the same socket as the message under test, after it: once it lands, that message would have too.
const SENTINEL = 'sentinel';
const isSentinel = (message: { body: string }) => message.body === SENTINEL;

describe.each(clusterModes)('Topics (%s)', (_mode, { size, env }) => {
  let cluster: Cluster;
  let alice: User;
  let bob: User;
  let carol: User;
  let admin: User;

  beforeAll(async () => {
    cluster = await Cluster.start(size, { env });
    const prisma = cluster.primary.prisma;
    [alice, bob, carol] = await Promise.all([buildUser(prisma), buildUser(prisma), buildUser(prisma)]);
    admin = await buildUser(prisma, { role: 'admin' });
  });
  afterEach(() => cluster.disconnectAll());
  afterAll(() => cluster.close());

  it('acknowledges join and leave', async () => {
    const socket = await cluster.connect(alice);
    expect(await request(socket, 'join', { topic: 'room:ack' })).toEqual({ ok: true });
    expect(await request(socket, 'join', { topic: 'posts' })).toEqual({ ok: true });
    expect(await request(socket, 'leave', { topic: 'room:ack' })).toEqual({ ok: true });
    expect(await request(socket, 'leave', { topic: 'posts' })).toEqual({ ok: true });
  });

  it('delivers a message to every member, the sender included, and to nobody else', async () => {
    const sender = await cluster.connect(alice);
    const member = await cluster.connect(bob);
    const outsider = await cluster.connect(carol);
    await joinTopic(sender, 'room:chat');
    await joinTopic(member, 'room:chat');
    await joinTopic(outsider, 'room:other');
    await joinTopic(sender, 'room:other');
    const outsiderMessages = recordEvents(outsider, 'message');

    const atSender = nextEvent(sender, 'message');
    const atMember = nextEvent(member, 'message');
    const ack = await request(sender, 'new_message', { topic: 'room:chat', body: 'hello, room' });

    expect(ack).toEqual({ ok: true, id: expect.any(String) });
    const expected = {
      topic: 'room:chat',
      id: ack.id,
      body: 'hello, room',
      user_id: alice.id,
      inserted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    };
    expect(await atSender).toEqual(expected);
    expect(await atMember).toEqual(expected);
    const sentinel = await untilSentinelLands(outsider, 'message', isSentinel, () =>
      request(sender, 'new_message', { topic: 'room:other', body: SENTINEL }),
    );
    expect(outsiderMessages).toEqual([sentinel]);
  });

  it('stops delivering to a member who left', async () => {
    const sender = await cluster.connect(alice);
    const leaver = await cluster.connect(bob);
    await joinTopic(sender, 'room:leaving');
    await joinTopic(leaver, 'room:leaving');
    await Promise.all([joinTopic(sender, 'room:still-here'), joinTopic(leaver, 'room:still-here')]);
    await request(leaver, 'leave', { topic: 'room:leaving' });
    const received = recordEvents(leaver, 'message');

    const echoed = nextEvent(sender, 'message');
    await request(sender, 'new_message', { topic: 'room:leaving', body: 'still there?' });
    await echoed;
    const sentinel = await untilSentinelLands(leaver, 'message', isSentinel, () =>
      request(sender, 'new_message', { topic: 'room:still-here', body: SENTINEL }),
    );
    expect(received).toEqual([sentinel]);
  });

  it('sends typing to everyone but the typist', async () => {
    const typist = await cluster.connect(alice);
    const reader = await cluster.connect(bob);
    await joinTopic(typist, 'room:typing');
    await joinTopic(reader, 'room:typing');
    const typistHears = recordEvents(typist, 'user_typing');

    const heard = nextEvent(reader, 'user_typing');
    expect(await request(typist, 'typing', { topic: 'room:typing' })).toEqual({ ok: true });

    expect(await heard).toEqual({ topic: 'room:typing', user_id: alice.id });
    // The reader's typing is the sentinel: it is sent after the typist's own was handled.
    const sentinel = await untilSentinelLands(
      typist,
      'user_typing',
      (event) => event.user_id === bob.id,
      () => request(reader, 'typing', { topic: 'room:typing' }),
    );
    expect(typistHears).toEqual([sentinel]);
  });

  it('refuses messages and typing in a topic the client has not joined', async () => {
    const socket = await cluster.connect(alice);
    expect(await request(socket, 'new_message', { topic: 'room:elsewhere', body: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
    expect(await request(socket, 'typing', { topic: 'room:elsewhere' })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
  });

  it('bounds and validates message bodies', async () => {
    const socket = await cluster.connect(alice);
    await joinTopic(socket, 'room:bounds');
    const received = recordEvents(socket, 'message');
    for (const body of ['', '   ', 'x'.repeat(4_001), 42, null]) {
      expect(await request(socket, 'new_message', { topic: 'room:bounds', body })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
    }
    const delivered = nextEvent(socket, 'message');
    expect(
      await request(socket, 'new_message', { topic: 'room:bounds', body: 'x'.repeat(4_000) }),
    ).toMatchObject({
      ok: true,
    });
    await delivered;
    expect(received).toHaveLength(1);
  });

  it('does not let clients post into the live posts topic', async () => {
    const socket = await cluster.connect(alice);
    await request(socket, 'join', { topic: 'posts' });
    expect(await request(socket, 'new_message', { topic: 'posts', body: 'spam' })).toMatchObject({
      ok: false,
      error: { code: 'topic_read_only' },
    });
  });

  describe('private topics', () => {
    async function createPrivateTopic(owner: User, members: number[]): Promise<string> {
      const response = await cluster.primary.http
        .as(await authHeadersFor(cluster.primary, owner))
        .post('/api/topics', { members });
      expect(response.status).toBe(201);
      return response.body.topic;
    }

    it('admit members and admins, and refuse everyone else', async () => {
      const topic = await createPrivateTopic(alice, [bob.id]);
      expect(topic).toMatch(/^private:[A-Za-z0-9_-]+$/);

      const outsider = await cluster.connect(carol);
      expect(await request(outsider, 'join', { topic })).toMatchObject({
        ok: false,
        error: { code: 'topic_forbidden' },
      });
      expect(await request(outsider, 'join', { topic: 'private:made-up' })).toMatchObject({
        ok: false,
        error: { code: 'topic_forbidden' },
      });
      for (const user of [alice, bob, admin]) {
        expect((await joinTopic(await cluster.connect(user), topic)).ack).toEqual({ ok: true });
      }
    });

    it('let members add members; a removed member stops receiving at once', async () => {
      const topic = await createPrivateTopic(alice, []);
      const asAlice = cluster.primary.http.as(await authHeadersFor(cluster.primary, alice));
      const asCarol = cluster.primary.http.as(await authHeadersFor(cluster.primary, carol));
      expect((await asCarol.put(`/api/topics/${topic}/members/${carol.id}`)).status).toBe(404);
      expect((await asAlice.put(`/api/topics/${topic}/members/${bob.id}`)).status).toBe(204);

      const sender = await cluster.connect(alice);
      const removed = await cluster.connect(bob);
      await joinTopic(sender, topic);
      await joinTopic(removed, topic);
      await Promise.all([joinTopic(sender, 'room:sentinel'), joinTopic(removed, 'room:sentinel')]);

      const asBob = cluster.primary.http.as(await authHeadersFor(cluster.primary, bob));
      expect((await asBob.delete(`/api/topics/${topic}/members/${alice.id}`)).status).toBe(403);
      const left = nextEvent(sender, 'presence_diff', (diff) => Boolean(diff.leaves[bob.id]));
      expect((await asBob.delete(`/api/topics/${topic}/members/${bob.id}`)).status).toBe(204);
      await left;
      const received = recordEvents(removed, 'message');
      const echoed = nextEvent(sender, 'message');
      await request(sender, 'new_message', { topic, body: 'members only' });
      await echoed;
      const sentinel = await untilSentinelLands(removed, 'message', isSentinel, () =>
        request(sender, 'new_message', { topic: 'room:sentinel', body: SENTINEL }),
      );
      expect(received).toEqual([sentinel]);
      expect(await request(removed, 'join', { topic })).toMatchObject({ ok: false });
      expect((await asAlice.get(`/api/topics/${topic}`)).body).toEqual({ topic, members: [alice.id] });
      expect((await asAlice.get('/api/topics')).body.data).toContainEqual({ topic, members: [alice.id] });
      expect((await asBob.get('/api/topics')).body.data).not.toContainEqual(
        expect.objectContaining({ topic }),
      );
      expect((await asBob.get(`/api/topics/${topic}`)).status).toBe(404);
    });

    it('let an admin remove another member, whose sockets leave the topic at once on every instance', async () => {
      const topic = await createPrivateTopic(alice, [bob.id]);
      const asAdmin = cluster.primary.http.as(await authHeadersFor(cluster.primary, admin));
      const asAlice = cluster.primary.http.as(await authHeadersFor(cluster.primary, alice));
      // Two sockets of the removed member, one per instance when there are two.
      const sender = await cluster.connect(alice, 0);
      const removed = [await cluster.connect(bob, 0), await cluster.connect(bob, cluster.apps.length - 1)];
      await joinTopic(sender, topic);
      for (const socket of removed) await joinTopic(socket, topic);
      await joinTopic(sender, 'room:admin-sentinel');
      for (const socket of removed) await joinTopic(socket, 'room:admin-sentinel');

      expect((await asAlice.delete(`/api/topics/${topic}/members/${bob.id}`)).status).toBe(403);
      const left = nextEvent(
        sender,
        'presence_diff',
        (diff) => diff.topic === topic && Boolean(diff.leaves[bob.id]),
      );
      expect((await asAdmin.delete(`/api/topics/${topic}/members/${bob.id}`)).status).toBe(204);
      await left;
      const received = removed.map((socket) => recordEvents(socket, 'message'));
      const echoed = nextEvent(sender, 'message');
      await request(sender, 'new_message', { topic, body: 'members only' });
      await echoed;
      const landed = removed.map((socket) => nextEvent(socket, 'message', isSentinel));
      await request(sender, 'new_message', { topic: 'room:admin-sentinel', body: SENTINEL });
      const sentinels = await Promise.all(landed);
      expect(received).toEqual(sentinels.map((sentinel) => [sentinel]));
      for (const socket of removed) {
        expect(await request(socket, 'new_message', { topic, body: 'still here?' })).toMatchObject({
          ok: false,
          error: { code: 'not_joined' },
        });
        expect(await request(socket, 'join', { topic })).toMatchObject({
          ok: false,
          error: { code: 'topic_forbidden' },
        });
      }
      expect((await asAlice.get(`/api/topics/${topic}`)).body).toEqual({ topic, members: [alice.id] });
    });
  });
});
