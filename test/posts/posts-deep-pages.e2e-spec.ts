import { buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Pages past the first 2,000 rows are read as a deferred join (ids from the index, from the nearer end of the
// list, then the rows): they must hold exactly the posts that plain OFFSET paging would, in the same order.

const POSTS = 5_000;
const PAGE_SIZE = 100;

describe('Deep v1 pages', () => {
  let t: TestApp;
  /** Published post ids, newest first. */
  let newestFirst: number[];

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t.prisma);
    const base = Date.parse('2026-01-01T00:00:00Z');
    await t.prisma.post.createMany({
      data: Array.from({ length: POSTS }, (_, i) => ({
        authorId: author.id,
        title: `Post ${i}`,
        body: 'Deep.',
        // Every 7th a draft; groups of four share a timestamp, so the id tie-break decides inside them.
        published: i % 7 !== 0,
        createdAt: new Date(base + Math.floor(i / 4) * 1_000),
      })),
    });
    const rows = await t.prisma.post.findMany({
      where: { published: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    newestFirst = rows.map((row) => row.id);
  });
  afterAll(() => t.close());

  const idsOf = (body: { data: { id: number }[] }) => body.data.map((post) => post.id);

  it('serves every deep page, up to the partial last one, as OFFSET paging would', async () => {
    const total = newestFirst.length;
    const lastPage = Math.ceil(total / PAGE_SIZE);
    for (let page = 20; page <= lastPage; page++) {
      const response = await t.http.get(`/api/v1/posts?page=${page}&page_size=${PAGE_SIZE}`);
      expect(response.status).toBe(200);
      expect(response.body.metadata).toEqual({
        page_number: page,
        page_size: PAGE_SIZE,
        total_entries: total,
        total_pages: lastPage,
      });
      expect(idsOf(response.body)).toEqual(newestFirst.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE));
    }
  });

  it('answers pages past the end with no rows and the real total', async () => {
    const response = await t.http.get(`/api/v1/posts?page=500&page_size=${PAGE_SIZE}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
    expect(response.body.metadata.total_entries).toBe(newestFirst.length);
  });

  it('keeps odd page sizes aligned across the switch to the deferred join', async () => {
    for (const page of [285, 286, 287, 300, 400, 612, 613, 700]) {
      const response = await t.http.get(`/api/v1/posts?page=${page}&page_size=7`);
      expect(idsOf(response.body)).toEqual(newestFirst.slice((page - 1) * 7, page * 7));
    }
  });
});
