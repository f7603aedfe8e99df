import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// v1's total_entries comes from a counter that triggers on `posts` keep in the writing transaction: it must equal
// the real number of published posts whatever the writes race, however posts leave (unpublished, deleted, their
// author deleted) and however many arrive in one statement.

describe('The published-posts total of v1 lists', () => {
  let t: TestApp;
  let author: User;
  let http: HttpClient;

  const realCount = () => t.prisma.post.count({ where: { published: true } });
  const totalEntries = async () => {
    const response = await t.http.get('/api/v1/posts');
    expect(response.status).toBe(200);
    return response.body.metadata.total_entries as number;
  };

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
    http = t.http.as(await authHeadersFor(t, author));
  });
  afterAll(() => t.close());

  it('stays exact under concurrent creates, publishes, unpublishes and deletes', async () => {
    const posts = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        buildPost(t.prisma, { authorId: author.id, published: i % 3 !== 0 }),
      ),
    );
    const writes = posts.flatMap((post, i) => {
      const toggle = (published: boolean) => () => http.patch(`/api/v1/posts/${post.id}`, { published });
      switch (i % 4) {
        // The same post unpublished twice and published twice at once: only real changes move the counter.
        case 0:
          return [toggle(false), toggle(false), toggle(true)];
        case 1:
          return [toggle(true), toggle(true), toggle(false)];
        case 2:
          return [() => http.delete(`/api/v1/posts/${post.id}`), toggle(false)];
        default:
          return [
            () => http.post('/api/v1/posts', { title: `New ${i}`, body: 'Racing the counter.' }),
            () => http.post('/api/v1/posts', { title: `Draft ${i}`, body: 'Not listed.', published: false }),
          ];
      }
    });

    const statuses = await Promise.all(writes.map(async (write) => (await write()).status));

    expect(statuses.every((status) => [200, 201, 204, 404].includes(status))).toBe(true);
    expect(await totalEntries()).toBe(await realCount());
  });

  it('follows cascaded deletes, bulk inserts and bulk updates made outside the API', async () => {
    const leaving = await buildUser(t.prisma);
    await t.prisma.post.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({
        authorId: leaving.id,
        title: `Bulk ${i}`,
        body: 'One INSERT statement.',
        published: i % 5 !== 0,
      })),
    });
    expect(await totalEntries()).toBe(await realCount());

    await t.prisma.post.updateMany({
      where: { authorId: leaving.id, title: { endsWith: '7' } },
      data: { published: false },
    });
    expect(await totalEntries()).toBe(await realCount());

    await t.prisma.user.delete({ where: { id: leaving.id } });
    expect(await totalEntries()).toBe(await realCount());
  });

  it('ignores updates that do not change what is listed (likes, edits)', async () => {
    const post = await buildPost(t.prisma, { authorId: author.id });
    const before = await totalEntries();

    await http.patch(`/api/v1/posts/${post.id}`, { title: 'Edited title' });
    await t.prisma.post.update({ where: { id: post.id }, data: { likesCount: { increment: 3 } } });

    expect(await totalEntries()).toBe(before);
    expect(before).toBe(await realCount());
  });
});
