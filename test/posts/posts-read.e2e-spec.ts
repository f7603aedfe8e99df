import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Reading posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists published posts newest first with v1 pagination metadata', async () => {
    const author = await buildUser(t.prisma);
    await buildPost(t.prisma, {
      authorId: author.id,
      title: 'older',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    await buildPost(t.prisma, {
      authorId: author.id,
      title: 'newer',
      createdAt: new Date('2026-02-01T00:00:00Z'),
    });
    const response = await t.http.get('/api/v1/posts?page=1&page_size=20');
    expect(response.status).toBe(200);
    expect(response.body.data.map((p: { title: string }) => p.title)).toEqual(['newer', 'older']);
    expect(response.body.metadata).toEqual({
      page_number: 1,
      page_size: 20,
      total_entries: 2,
      total_pages: 1,
    });
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});
