import zlib from 'node:zlib';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Response compression (only at 1 KiB or more)', () => {
  let t: TestApp;
  let smallPostId: number;

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t.prisma);
    for (let i = 0; i < 30; i++) {
      await buildPost(t.prisma, { authorId: author.id, body: `Post ${i}: ${'lorem ipsum '.repeat(20)}` });
    }
    smallPostId = (await buildPost(t.prisma, { authorId: author.id, title: 'Tiny', body: 'tiny' })).id;
  });
  afterAll(() => t.close());

  it('a big list is gzip-compressed when the client accepts gzip', async () => {
    const response = await t.http.get('/api/v1/posts?page_size=30', {
      headers: { 'accept-encoding': 'gzip' },
    });
    const plain = await t.http.get('/api/v1/posts?page_size=30');

    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.gunzipSync(response.raw).toString('utf8')).toBe(plain.text);
    expect(response.raw.length).toBeLessThan(plain.raw.length);
    expect(response.body.data).toHaveLength(30);
  });

  it('a big list is brotli-compressed when the client prefers br', async () => {
    const response = await t.http.get('/api/v2/posts?limit=30', { headers: { 'accept-encoding': 'br' } });

    expect(response.headers['content-encoding']).toBe('br');
    expect(JSON.parse(zlib.brotliDecompressSync(response.raw).toString('utf8')).data).toHaveLength(30);
  });

  it('is never compressed when the client does not ask for it', async () => {
    const response = await t.http.get('/api/v1/posts?page_size=30');

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.raw.length).toBeGreaterThanOrEqual(1024);
  });

  it('a small response is sent as is even when gzip is accepted', async () => {
    const response = await t.http.get(`/api/v1/posts/${smallPostId}`, {
      headers: { 'accept-encoding': 'gzip, br' },
    });

    expect(response.raw.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.title).toBe('Tiny');
  });

  it('the threshold is exactly 1024 bytes: 1023 stays plain, 1024 is compressed', async () => {
    const post = await buildPost(t.prisma, { body: 'x' });
    const sizeWithBody = async (length: number) => {
      await t.prisma.post.update({ where: { id: post.id }, data: { body: 'x'.repeat(length) } });
      return (await t.http.get(`/api/v1/posts/${post.id}`)).raw.length;
    };
    const overhead = (await sizeWithBody(1)) - 1;

    expect(await sizeWithBody(1023 - overhead)).toBe(1023);
    const below = await t.http.get(`/api/v1/posts/${post.id}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(below.headers['content-encoding']).toBeUndefined();

    expect(await sizeWithBody(1024 - overhead)).toBe(1024);
    const at = await t.http.get(`/api/v1/posts/${post.id}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(at.headers['content-encoding']).toBe('gzip');
  });
});
