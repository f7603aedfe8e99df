import { buildPost } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const V2 = 'application/vnd.hearth.v2+json';

function varyIncludesAccept(vary: string | string[] | undefined): boolean {
  return String(vary ?? '')
    .split(',')
    .some((value) => value.trim().toLowerCase() === 'accept');
}

describe('Choosing the posts API version by header', () => {
  let t: TestApp;
  let postId: number;
  beforeAll(async () => {
    t = await startTestApp();
    postId = (await buildPost(t.prisma, { title: 'Versioned' })).id;
  });
  afterAll(() => t.close());

  it('/api/posts/:id without the v2 media type answers the v1 flat shape', async () => {
    const response = await t.http.get(`/api/posts/${postId}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual((await t.http.get(`/api/v1/posts/${postId}`)).body);
    expect(response.body.id).toBe(postId);
    expect(varyIncludesAccept(response.headers.vary)).toBe(true);
  });

  it('/api/posts/:id with Accept: application/vnd.hearth.v2+json answers the v2 shape', async () => {
    const response = await t.http.get(`/api/posts/${postId}`, { headers: { accept: V2 } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual((await t.http.get(`/api/v2/posts/${postId}`)).body);
    expect(response.body.data.id).toBe(String(postId));
    expect(varyIncludesAccept(response.headers.vary)).toBe(true);
  });

  it('a plain JSON Accept header still gets v1', async () => {
    const response = await t.http.get(`/api/posts/${postId}`, { headers: { accept: 'application/json' } });

    expect(response.body).toEqual(expect.objectContaining({ id: postId, inserted_at: expect.any(String) }));
  });

  it('lists by header too: offset metadata for v1, cursor meta for v2', async () => {
    const v1 = await t.http.get('/api/posts?page_size=5');
    const v2 = await t.http.get('/api/posts?limit=5', { headers: { accept: `${V2}, application/json` } });

    expect(v1.body.metadata).toEqual(expect.objectContaining({ page_number: 1, page_size: 5 }));
    expect(v2.body.meta).toEqual({ next_cursor: null, limit: 5 });
    expect(v2.body.data[0]).toEqual(expect.objectContaining({ type: 'post', id: String(postId) }));
    expect(varyIncludesAccept(v1.headers.vary)).toBe(true);
    expect(varyIncludesAccept(v2.headers.vary)).toBe(true);
  });

  it('the two shapes have different ETags, so a cache keyed with Vary never mixes them', async () => {
    const v1 = await t.http.get(`/api/posts/${postId}`);
    const v2 = await t.http.get(`/api/posts/${postId}`, { headers: { accept: V2 } });

    expect(v1.headers.etag).toBeTruthy();
    expect(v2.headers.etag).toBeTruthy();
    expect(v1.headers.etag).not.toBe(v2.headers.etag);
  });

  it('errors on header-versioned routes are the usual JSON errors', async () => {
    const response = await t.http.get('/api/posts/99999999', { headers: { accept: V2 } });

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});
