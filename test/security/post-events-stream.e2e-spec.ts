import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { waitUntil } from '../support/server-process.js';
import { type EventStream, openEventStream } from '../support/sse.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('The post events stream (SSE) does not leak or hoard', () => {
  let t: TestApp;
  let author: User;
  let writer: HttpClient;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', SSE_MAX_STREAMS_PER_IP: '2' } });
    author = await buildUser(t.prisma);
    writer = t.http.as(await authHeadersFor(t, author));
  });
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(() => t.close());

  const open = async (address: string, headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${t.baseUrl}/api/v2/posts/events`, {
      'x-forwarded-for': address,
      ...headers,
    });
    streams.push(stream);
    return stream;
  };
  const createPost = async (title: string) => {
    const { body } = await writer.post('/api/v2/posts', { title, body: `${title} body` });
    return Number(body.data.id);
  };
  /** The id of the newest post event: where a client that saw everything so far would resume. */
  const lastEventId = async () =>
    String((await t.prisma.postEvent.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0n);

  describe.each([
    ['deleted', (id: number) => writer.delete(`/api/v2/posts/${id}`)],
    ['unpublished', (id: number) => writer.patch(`/api/v2/posts/${id}`, { published: false })],
  ])('a resumed stream (Last-Event-ID) and a post since %s', (_change, retract) => {
    it('replays the removal but never the content the post had', async () => {
      const resumeAfter = await lastEventId();
      const secret = `Regretted ${Date.now()}`;
      const id = await createPost(secret);
      await writer.patch(`/api/v2/posts/${id}`, { body: `${secret}, edited` });
      await retract(id);
      const sentinel = await createPost('Sentinel');

      const resumed = await open('198.51.100.1', { 'last-event-id': resumeAfter });
      const replayed = await resumed.waitForEvents(1, 'post_created');
      expect(JSON.parse(replayed[0].data).dom_id).toBe(`posts-${sentinel}`);
      expect(resumed.events.map((event) => [event.event, JSON.parse(event.data)])).toEqual([
        ['post_deleted', { dom_id: `posts-${id}`, post: null }],
        ['post_created', expect.objectContaining({ dom_id: `posts-${sentinel}` })],
      ]);
      expect(resumed.events.some((event) => event.data.includes('Regretted'))).toBe(false);
    });
  });

  it('a post that comes back after being unpublished is replayed as it is now, not as it was', async () => {
    const resumeAfter = await lastEventId();
    const id = await createPost('First version');
    await writer.patch(`/api/v2/posts/${id}`, { published: false });
    await writer.patch(`/api/v2/posts/${id}`, { title: 'Second version', published: true });

    const resumed = await open('198.51.100.2', { 'last-event-id': resumeAfter });
    await resumed.waitForEvents(1, 'post_created');
    expect(resumed.events.map((event) => [event.event, JSON.parse(event.data).post?.title ?? null])).toEqual([
      ['post_deleted', null],
      ['post_created', 'Second version'],
    ]);
  });

  it('caps concurrent streams per client address (429 too_many_streams), and frees a slot when one closes', async () => {
    const first = await open('198.51.100.10');
    await open('198.51.100.10');
    const third = await fetch(`${t.baseUrl}/api/v2/posts/events`, {
      headers: { accept: 'text/event-stream', 'x-forwarded-for': '198.51.100.10' },
    });
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ error: expect.objectContaining({ code: 'too_many_streams' }) });
    expect((await open('198.51.100.11')).status).toBe(200);

    first.close();
    // The server notices the closed stream as soon as the connection ends; until then the cap still holds.
    await waitUntil(async () => {
      const again = await open('198.51.100.10');
      return again.status === 200;
    }, 10_000);
  });
});
