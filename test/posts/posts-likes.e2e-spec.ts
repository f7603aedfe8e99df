import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Liking posts', () => {
  let t: TestApp;
  let reader: User;

  beforeAll(async () => {
    t = await startTestApp();
    reader = await buildUser(t.prisma);
  });
  afterAll(() => t.close());

  it('100 different users liking at the same moment count exactly 100', async () => {
    const post = await buildPost(t.prisma);
    const users = await Promise.all(Array.from({ length: 100 }, () => buildUser(t.prisma)));

    const responses = await Promise.all(
      users.map(async (user) =>
        t.http.post(`/api/v1/posts/${post.id}/like`, undefined, { headers: await authHeadersFor(t, user) }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
    expect(responses.every((response) => response.body.liked === true)).toBe(true);
    // Every caller saw a distinct count: each like moved the counter by exactly one.
    expect(new Set(responses.map((response) => response.body.likes)).size).toBe(100);
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.likes).toBe(100);
    expect((await t.http.get(`/api/v2/posts/${post.id}`)).body.data.attributes.likes).toBe(100);
    expect(await t.prisma.postLike.count({ where: { postId: post.id } })).toBe(100);
  });

  it('liking again counts once, in either version', async () => {
    const post = await buildPost(t.prisma);
    const client = t.http.as(await authHeadersFor(t, reader));

    const first = await client.post(`/api/v1/posts/${post.id}/like`);
    const second = await client.post(`/api/v2/posts/${post.id}/like`);

    expect(first.body).toEqual({ likes: 1, liked: true });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ likes: 1, liked: true });
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.likes).toBe(1);
  });

  it('20 parallel likes by one user count once', async () => {
    const post = await buildPost(t.prisma);
    const headers = await authHeadersFor(t, reader);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/v1/posts/${post.id}/like`, undefined, { headers })),
    );

    expect(responses.map((response) => response.body)).toEqual(Array(20).fill({ likes: 1, liked: true }));
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.likes).toBe(1);
  });

  it('unliking decrements once; unliking again changes nothing', async () => {
    const post = await buildPost(t.prisma);
    const other = await buildUser(t.prisma);
    const client = t.http.as(await authHeadersFor(t, reader));
    await client.post(`/api/v1/posts/${post.id}/like`);
    await t.http.post(`/api/v1/posts/${post.id}/like`, undefined, {
      headers: await authHeadersFor(t, other),
    });

    const first = await client.delete(`/api/v1/posts/${post.id}/like`);
    const second = await client.delete(`/api/v2/posts/${post.id}/like`);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ likes: 1, liked: false });
    expect(second.body).toEqual({ likes: 1, liked: false });
    expect((await t.http.get(`/api/v1/posts/${post.id}`)).body.likes).toBe(1);
  });

  it('unliking a post never liked leaves the count alone and never goes below zero', async () => {
    const post = await buildPost(t.prisma);

    const response = await t.http.delete(`/api/v1/posts/${post.id}/like`, {
      headers: await authHeadersFor(t, reader),
    });

    expect(response.body).toEqual({ likes: 0, liked: false });
  });

  it('anonymous callers get 401', async () => {
    const post = await buildPost(t.prisma);

    expect((await t.http.post(`/api/v1/posts/${post.id}/like`)).status).toBe(401);
    expect((await t.http.delete(`/api/v2/posts/${post.id}/like`)).status).toBe(401);
  });

  it('liking a missing post is 404, a non-numeric id 400', async () => {
    const client = t.http.as(await authHeadersFor(t, reader));

    expect((await client.post('/api/v1/posts/99999999/like')).status).toBe(404);
    expect((await client.post('/api/v1/posts/abc/like')).status).toBe(400);
  });

  it('liking a draft you cannot see is 404; its author may like it', async () => {
    const author = await buildUser(t.prisma);
    const draft = await buildPost(t.prisma, { authorId: author.id, published: false });

    const stranger = await t.http.post(`/api/v2/posts/${draft.id}/like`, undefined, {
      headers: await authHeadersFor(t, reader),
    });
    const own = await t.http.post(`/api/v2/posts/${draft.id}/like`, undefined, {
      headers: await authHeadersFor(t, author),
    });

    expect(stranger.status).toBe(404);
    expect(own.body).toEqual({ likes: 1, liked: true });
  });
});
