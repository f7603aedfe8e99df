import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PUBLISHED = 45;
const DRAFTS = 5;

function expectValidationErrorNaming(response: { status: number; body: any }, field: string): void {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('validation_failed');
  expect(response.body.error.details).toEqual(
    expect.arrayContaining([{ field, message: expect.any(String) }]),
  );
}

describe('Paging through posts', () => {
  let t: TestApp;
  let author: User;
  /** Published post ids, newest first. */
  let newestFirst: number[];

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t.prisma);
    const base = Date.parse('2026-03-01T00:00:00Z');
    const published = [];
    for (let i = 0; i < PUBLISHED; i++) {
      // Groups of three share a timestamp, so the id tie-break is exercised on every page boundary.
      published.push(
        await buildPost(t.prisma, {
          authorId: author.id,
          createdAt: new Date(base + Math.floor(i / 3) * 60_000),
        }),
      );
    }
    for (let i = 0; i < DRAFTS; i++) {
      await buildPost(t.prisma, {
        authorId: author.id,
        published: false,
        createdAt: new Date(base + i * 90_000),
      });
    }
    newestFirst = published
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
      .map((post) => post.id);
  });
  afterAll(() => t.close());

  describe('v1 offset pages', () => {
    it('defaults to page 1 of 20', async () => {
      const response = await t.http.get('/api/v1/posts');

      expect(response.status).toBe(200);
      expect(response.body.metadata).toEqual({
        page_number: 1,
        page_size: 20,
        total_entries: PUBLISHED,
        total_pages: 3,
      });
      expect(response.body.data.map((p: { id: number }) => p.id)).toEqual(newestFirst.slice(0, 20));
    });

    it('computes total_pages by rounding up and serves the partial last page', async () => {
      const response = await t.http.get('/api/v1/posts?page=5&page_size=10');

      expect(response.body.metadata).toEqual({
        page_number: 5,
        page_size: 10,
        total_entries: PUBLISHED,
        total_pages: 5,
      });
      expect(response.body.data.map((p: { id: number }) => p.id)).toEqual(newestFirst.slice(40, 45));
    });

    it('pages are contiguous: every published post appears once across all pages, drafts never', async () => {
      const seen: number[] = [];
      for (let page = 1; page <= 7; page++) {
        const response = await t.http.get(`/api/v1/posts?page=${page}&page_size=7`);
        seen.push(...response.body.data.map((p: { id: number }) => p.id));
      }
      expect(seen).toEqual(newestFirst);
    });

    it('a page beyond the last is empty, with metadata still describing the whole list', async () => {
      const response = await t.http.get('/api/v1/posts?page=99&page_size=20');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [],
        metadata: { page_number: 99, page_size: 20, total_entries: PUBLISHED, total_pages: 3 },
      });
    });

    it('accepts the bounds page_size=1 and page_size=100', async () => {
      const one = await t.http.get('/api/v1/posts?page_size=1');
      const hundred = await t.http.get('/api/v1/posts?page_size=100');

      expect(one.body.data).toHaveLength(1);
      expect(one.body.metadata.total_pages).toBe(PUBLISHED);
      expect(hundred.body.data).toHaveLength(PUBLISHED);
      expect(hundred.body.metadata.total_pages).toBe(1);
    });

    it.each([
      'page_size=0',
      'page_size=1000',
      'page_size=101',
      'page_size=-5',
      'page_size=2.5',
      'page_size=ten',
    ])('%s → 400 naming page_size', async (query) => {
      expectValidationErrorNaming(await t.http.get(`/api/v1/posts?${query}`), 'page_size');
    });

    it.each(['page=abc', 'page=0', 'page=-1', 'page=1.5', 'page=1&page=2'])(
      '%s → 400 naming page',
      async (query) => {
        expectValidationErrorNaming(await t.http.get(`/api/v1/posts?${query}`), 'page');
      },
    );

    it('lists every bad parameter at once', async () => {
      const response = await t.http.get('/api/v1/posts?page=abc&page_size=0');

      expectValidationErrorNaming(response, 'page');
      expectValidationErrorNaming(response, 'page_size');
    });
  });

  describe('v2 keyset cursors', () => {
    async function walk(
      limit: number,
      between?: (pageIndex: number, lastSeenId: number) => Promise<void>,
    ): Promise<number[]> {
      const seen: number[] = [];
      let cursor: string | null = null;
      for (let pageIndex = 0; pageIndex < 100; pageIndex++) {
        const query: string = cursor
          ? `limit=${limit}&cursor=${encodeURIComponent(cursor)}`
          : `limit=${limit}`;
        const response = await t.http.get(`/api/v2/posts?${query}`);
        expect(response.status).toBe(200);
        expect(response.body.meta.limit).toBe(limit);
        expect(response.body.data.length).toBeLessThanOrEqual(limit);
        seen.push(...response.body.data.map((resource: { id: string }) => Number(resource.id)));
        cursor = response.body.meta.next_cursor;
        if (cursor === null) return seen;
        await between?.(pageIndex, seen[seen.length - 1]);
      }
      throw new Error('the cursor walk did not end');
    }

    it('defaults to 20 per page and walks every published post once, newest first, then null', async () => {
      const first = await t.http.get('/api/v2/posts');
      expect(first.body.meta.limit).toBe(20);
      expect(first.body.data).toHaveLength(20);

      expect(await walk(20)).toEqual(newestFirst);
    });

    it('is exact when the last page is full: next_cursor is null, no empty trailing page', async () => {
      const response = await t.http.get(`/api/v2/posts?limit=${PUBLISHED}`);

      expect(response.body.data).toHaveLength(PUBLISHED);
      expect(response.body.meta.next_cursor).toBeNull();
    });

    it('visits every published post exactly once while new posts are inserted between page fetches', async () => {
      const writer = t.http.as(await authHeadersFor(t, author));
      const inserted: number[] = [];

      const seen = await walk(4, async (pageIndex, lastSeenId) => {
        // Between two fetches: a post created through the API (the newest of all), a post with exactly the
        // timestamp of the post the cursor points at (a larger id, so it sorts just ahead of the cursor), and
        // a draft. All three are written concurrently.
        const cursorPost = await t.prisma.post.findUniqueOrThrow({ where: { id: lastSeenId } });
        const [created, tie] = await Promise.all([
          writer.post('/api/v2/posts', { title: `live ${pageIndex}`, body: 'inserted' }),
          buildPost(t.prisma, { authorId: author.id, createdAt: cursorPost.createdAt }),
          buildPost(t.prisma, { authorId: author.id, published: false }),
        ]);
        expect(created.status).toBe(201);
        inserted.push(Number(created.body.data.id), tie.id);
      });

      const original = seen.filter((id) => !inserted.includes(id));
      expect(original).toEqual(newestFirst);
      expect(new Set(seen).size).toBe(seen.length);
      // Posts inserted ahead of the cursor are simply not part of this walk.
      expect(seen.filter((id) => inserted.includes(id))).toEqual([]);
      await t.prisma.post.deleteMany({ where: { id: { in: inserted } } });
    });

    it('keeps posts that land behind the cursor (older timestamps) in the same walk, still once', async () => {
      const late: number[] = [];
      const seen = await walk(5, async (pageIndex) => {
        if (pageIndex > 3) return;
        const oldest = await buildPost(t.prisma, {
          authorId: author.id,
          createdAt: new Date(Date.parse('2020-01-01T00:00:00Z') + pageIndex),
        });
        late.push(oldest.id);
      });

      expect(seen.filter((id) => newestFirst.includes(id))).toEqual(newestFirst);
      expect(seen.filter((id) => late.includes(id)).sort()).toEqual([...late].sort());
      expect(new Set(seen).size).toBe(seen.length);
      await t.prisma.post.deleteMany({ where: { id: { in: late } } });
    });

    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it.each([
      ['garbage', 'not-a-cursor'],
      ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
      ['a JSON object', forged({ id: 1 })],
      ['a non-date', forged(['yesterday', 1])],
      ['a date PostgreSQL cannot store', forged(['-200000-01-01T00:00:00.000Z', 1])],
      ['an id beyond the id range', forged(['2026-01-01T00:00:00.000Z', 1e15])],
      ['a zero id', forged(['2026-01-01T00:00:00.000Z', 0])],
    ])('a cursor that is %s → 400 invalid_cursor', async (_label, cursor) => {
      const response = await t.http.get(`/api/v2/posts?cursor=${encodeURIComponent(cursor)}`);

      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({ code: 'invalid_cursor', message: expect.any(String) });
    });

    it.each(['limit=0', 'limit=1000', 'limit=abc'])('%s → 400 naming limit', async (query) => {
      expectValidationErrorNaming(await t.http.get(`/api/v2/posts?${query}`), 'limit');
    });
  });
});
