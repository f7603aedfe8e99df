import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { Cluster, clusterModes } from '../realtime/cluster.js';

describe.each(clusterModes)(
  'Comment counts and budgets under concurrent writes (%s)',
  (_mode, { size, env }) => {
    let cluster: Cluster;
    let author: User;

    // The n-th client talks to instance n % size, so with two instances the writes race across processes.
    const clientFor = async (user: User, n: number): Promise<HttpClient> => {
      const app = cluster.apps[n % cluster.apps.length];
      return app.http.as(await authHeadersFor(app, user));
    };
    const publicCount = (postId: number) =>
      cluster.primary.prisma.comment.count({ where: { postId, deletedAt: null, hiddenAt: null } });
    const storedCount = async (postId: number) =>
      (await cluster.primary.prisma.post.findUniqueOrThrow({ where: { id: postId } })).commentsCount;

    beforeAll(async () => {
      cluster = await Cluster.start(size, { env: { ...env, COMMENT_CREATE_LIMIT: '5' } });
      author = await buildUser(cluster.primary.prisma);
    });
    afterAll(() => cluster.close());

    it('comments_count stays exact while comments, replies and deletions race on one post', async () => {
      const post = await buildPost(cluster.primary.prisma, { authorId: author.id });
      const writers = await Promise.all(Array.from({ length: 8 }, () => buildUser(cluster.primary.prisma)));
      const clients = await Promise.all(writers.map((writer, n) => clientFor(writer, n)));
      // Three comments each to start with; the first of each gets replies and is deleted during the race.
      const seeded: number[][] = [];
      for (const client of clients) {
        const ids = [];
        for (let i = 0; i < 3; i += 1) {
          ids.push((await client.post(`/api/v1/posts/${post.id}/comments`, { body: `seed ${i}` })).body.id);
        }
        seeded.push(ids);
      }
      expect(await storedCount(post.id)).toBe(24);

      const race = clients.flatMap((client, n) => [
        client.post(`/api/v2/posts/${post.id}/comments`, { body: 'reply', parent_id: seeded[n][0] }),
        client.post(`/api/v1/posts/${post.id}/comments`, { body: 'another' }),
        client.delete(`/api/v1/comments/${seeded[n][0]}`),
        client.delete(`/api/v2/comments/${seeded[n][1]}`),
      ]);
      const statuses = (await Promise.all(race)).map((response) => response.status);

      // A reply that lost the race to its parent's deletion is refused (422); every other write succeeds.
      const replies = statuses.filter((_, i) => i % 4 === 0);
      expect(statuses.filter((_, i) => i % 4 !== 0).every((status) => status === 201 || status === 204)).toBe(
        true,
      );
      expect(replies.every((status) => status === 201 || status === 422)).toBe(true);
      const repliesMade = replies.filter((status) => status === 201).length;
      expect(await storedCount(post.id)).toBe(24 + repliesMade + 8 - 16);
      expect(await storedCount(post.id)).toBe(await publicCount(post.id));
      expect((await cluster.primary.http.get(`/api/v1/posts/${post.id}`)).body.comments_count).toBe(
        await publicCount(post.id),
      );
    });

    it('each user has their own comment budget, exact across instances: the rest get 429 with Retry-After', async () => {
      const post = await buildPost(cluster.primary.prisma, { authorId: author.id });
      const eager = await buildUser(cluster.primary.prisma);
      const clients = await Promise.all(Array.from({ length: 12 }, (_, n) => clientFor(eager, n)));

      const responses = await Promise.all(
        clients.map((client, n) => client.post(`/api/v1/posts/${post.id}/comments`, { body: `try ${n}` })),
      );

      const created = responses.filter((response) => response.status === 201);
      const limited = responses.filter((response) => response.status === 429);
      expect(created).toHaveLength(5);
      expect(limited).toHaveLength(7);
      for (const response of limited) {
        expect(response.body.error).toEqual(
          expect.objectContaining({
            code: 'rate_limited',
            details: expect.objectContaining({ budget: 'comments', limit: 5 }),
          }),
        );
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // The request budgets still answer their own headers.
        expect(response.headers['x-ratelimit-limit']).toBe(String(cluster.primary.config.rateLimits.user));
      }
      expect(await storedCount(post.id)).toBe(5);

      // Another user is not affected, and the eager one can still edit and read.
      const other = await clientFor(await buildUser(cluster.primary.prisma), 1);
      expect((await other.post(`/api/v1/posts/${post.id}/comments`, { body: 'me too' })).status).toBe(201);
      const edited = await clients[0].patch(`/api/v1/comments/${created[0].body.id}`, { body: 'edited' });
      expect(edited.status).toBe(200);
    });
  },
);
