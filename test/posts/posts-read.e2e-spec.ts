import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Reading posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists published posts newest first as flat v1 items with an excerpt', async () => {
    const author = await buildUser(t.prisma);
    const older = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'older',
      body: 'The older body.',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    const newer = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'newer',
      body: 'The newer body.',
      createdAt: new Date('2026-02-01T00:00:00Z'),
    });

    const response = await t.http.get('/api/v1/posts?page=1&page_size=20');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      data: [
        { id: newer.id, title: 'newer', excerpt: 'The newer body.' },
        { id: older.id, title: 'older', excerpt: 'The older body.' },
      ],
      metadata: { page_number: 1, page_size: 20, total_entries: 2, total_pages: 1 },
    });
  });

  it('shows one post flat in v1: numeric id, likes, published and inserted_at', async () => {
    const post = await buildPost(t.prisma, { title: 'Flat', body: 'Flat body', likesCount: 3 });

    const response = await t.http.get(`/api/v1/posts/${post.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: post.id,
      title: 'Flat',
      body: 'Flat body',
      likes: 3,
      comments_count: 0,
      published: true,
      inserted_at: post.createdAt.toISOString(),
    });
    expect(response.body.inserted_at).toMatch(ISO_UTC);
  });

  it('shows one post as a v2 resource: string id, attributes with created_at and updated_at', async () => {
    const post = await buildPost(t.prisma, { title: 'Resource', body: 'Resource body', likesCount: 2 });

    const response = await t.http.get(`/api/v2/posts/${post.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        type: 'post',
        id: String(post.id),
        attributes: {
          title: 'Resource',
          body: 'Resource body',
          likes: 2,
          comments_count: 0,
          published: true,
          created_at: post.createdAt.toISOString(),
          updated_at: post.updatedAt.toISOString(),
        },
      },
    });
    expect(response.body.data.attributes).not.toHaveProperty('inserted_at');
    expect(response.body.data.attributes.updated_at).toMatch(ISO_UTC);
  });

  it('lists v2 resources with keyset meta', async () => {
    const post = await buildPost(t.prisma, { createdAt: new Date('2030-01-01T00:00:00Z') });

    const response = await t.http.get('/api/v2/posts?limit=1');

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      {
        type: 'post',
        id: String(post.id),
        attributes: expect.objectContaining({ title: post.title, created_at: post.createdAt.toISOString() }),
      },
    ]);
    expect(response.body.meta).toEqual({ next_cursor: expect.any(String), limit: 1 });
  });

  describe('excerpt', () => {
    async function excerptOfNewest(): Promise<string> {
      const response = await t.http.get('/api/v1/posts?page_size=1');
      return response.body.data[0].excerpt;
    }

    it('is the first 100 characters of a long body', async () => {
      const body = 'a'.repeat(99) + 'BC' + 'd'.repeat(50);
      await buildPost(t.prisma, { body, createdAt: new Date('2031-01-01T00:00:00Z') });

      const excerpt = await excerptOfNewest();

      expect(excerpt).toBe('a'.repeat(99) + 'B');
      expect(excerpt).toHaveLength(100);
    });

    it('counts characters, not bytes or UTF-16 units: emoji and accents are never cut in half', async () => {
      // 60 × "é" (2 bytes each) then 60 × "🔥" (4 bytes, 2 UTF-16 units each): 100 characters = 60 é + 40 🔥.
      const body = 'é'.repeat(60) + '🔥'.repeat(60);
      await buildPost(t.prisma, { body, createdAt: new Date('2032-01-01T00:00:00Z') });

      const excerpt = await excerptOfNewest();

      expect(excerpt).toBe('é'.repeat(60) + '🔥'.repeat(40));
      expect(Array.from(excerpt)).toHaveLength(100);
      expect(excerpt).not.toMatch(/\uFFFD/);
    });

    it('is the whole body when the body is shorter than 100 characters', async () => {
      await buildPost(t.prisma, { body: 'Short 👋 body', createdAt: new Date('2033-01-01T00:00:00Z') });

      expect(await excerptOfNewest()).toBe('Short 👋 body');
    });
  });

  describe('ids that name no post', () => {
    it.each(['/api/v1/posts/99999999999', '/api/v2/posts/99999999999', '/api/v1/posts/2147483647'])(
      '%s → 404 JSON error',
      async (path) => {
        const response = await t.http.get(path);

        expect(response.status).toBe(404);
        expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      },
    );

    it.each(['/api/v1/posts/abc', '/api/v2/posts/abc', '/api/v1/posts/-1', '/api/v1/posts/1.5'])(
      '%s → 400 JSON error naming the id',
      async (path) => {
        const response = await t.http.get(path);

        expect(response.status).toBe(400);
        expect(response.body.error).toEqual({
          code: 'validation_failed',
          message: expect.any(String),
          details: [{ field: 'id', message: expect.any(String) }],
        });
      },
    );

    it.each(['v1', 'v2'])(
      'in %s an id is only its canonical decimal form: 128.0, +128, 0128, 128e0 and %%20128 are 400, not post 128',
      async (version) => {
        const post = await buildPost(t.prisma);

        expect((await t.http.get(`/api/${version}/posts/${post.id}`)).status).toBe(200);
        for (const alias of [`${post.id}.0`, `+${post.id}`, `0${post.id}`, `${post.id}e0`, `%20${post.id}`]) {
          const response = await t.http.get(`/api/${version}/posts/${alias}`);

          expect({ alias, status: response.status, error: response.body.error }).toEqual({
            alias,
            status: 400,
            error: {
              code: 'validation_failed',
              message: expect.any(String),
              details: [{ field: 'id', message: 'id must be a positive integer' }],
            },
          });
        }
      },
    );

    it('a post that was deleted is 404', async () => {
      const post = await buildPost(t.prisma);
      await t.prisma.post.delete({ where: { id: post.id } });

      expect((await t.http.get(`/api/v1/posts/${post.id}`)).status).toBe(404);
      expect((await t.http.get(`/api/v2/posts/${post.id}`)).status).toBe(404);
    });
  });
});
