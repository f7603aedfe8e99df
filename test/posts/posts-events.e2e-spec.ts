import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// post_events is the ordered log that real-time subscribers (and SSE resumes) read: one row per change to the
// public list, none for drafts, which nobody else can see.
describe('Post changes are recorded in post_events', () => {
  let t: TestApp;
  let author: User;

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
  });
  afterAll(() => t.close());

  const eventsFor = (postId: number) =>
    t.prisma.postEvent.findMany({ where: { postId }, orderBy: { id: 'asc' } });

  it('a published post records one row per create, update and delete, in order', async () => {
    const client = t.http.as(await authHeadersFor(t, author));

    const created = await client.post('/api/v1/posts', { title: 'Logged', body: 'Body' });
    const id: number = created.body.id;
    await client.patch(`/api/v2/posts/${id}`, { title: 'Logged again' });
    await client.delete(`/api/v1/posts/${id}`);

    const events = await eventsFor(id);
    expect(events.map((event) => event.type)).toEqual(['post_created', 'post_updated', 'post_deleted']);
    expect(events[0].payload).toEqual({
      dom_id: `posts-${id}`,
      post: expect.objectContaining({ title: 'Logged', published: true, likes: 0 }),
    });
    expect(events[1].payload).toEqual({
      dom_id: `posts-${id}`,
      post: expect.objectContaining({ title: 'Logged again' }),
    });
    expect(events[2].payload).toEqual({ dom_id: `posts-${id}`, post: null });
  });

  it('a draft records nothing while it is created, edited and deleted', async () => {
    const client = t.http.as(await authHeadersFor(t, author));

    const created = await client.post('/api/v1/posts', { title: 'Quiet', body: 'Draft', published: false });
    const id: number = created.body.id;
    await client.patch(`/api/v1/posts/${id}`, { body: 'Still a draft' });
    await client.delete(`/api/v1/posts/${id}`);

    expect(await eventsFor(id)).toEqual([]);
  });

  it('publishing a draft records a creation; unpublishing records a deletion', async () => {
    const client = t.http.as(await authHeadersFor(t, author));
    const created = await client.post('/api/v2/posts', { title: 'Soon', body: 'Draft', published: false });
    const id = Number(created.body.data.id);

    await client.patch(`/api/v2/posts/${id}`, { published: true });
    await client.patch(`/api/v2/posts/${id}`, { published: false });

    expect((await eventsFor(id)).map((event) => event.type)).toEqual(['post_created', 'post_deleted']);
  });

  it('refused writes record nothing', async () => {
    const stranger = await buildUser(t.prisma);
    const client = t.http.as(await authHeadersFor(t, author));
    const created = await client.post('/api/v1/posts', { title: 'Mine', body: 'Body' });
    const before = await t.prisma.postEvent.count();

    await t.http
      .as(await authHeadersFor(t, stranger))
      .patch(`/api/v1/posts/${created.body.id}`, { title: 'x' });
    await client.patch(`/api/v1/posts/${created.body.id}`, { title: 5 });
    await t.http.delete(`/api/v1/posts/${created.body.id}`);

    expect(await t.prisma.postEvent.count()).toBe(before);
  });
});
