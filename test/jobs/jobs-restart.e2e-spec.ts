import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { JOBS_QUEUE } from '../../src/jobs/bullmq.job-runner.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import { finishedJob } from './support/finished-job.js';

// With Redis, a job accepted by one instance waits in the queue and completes on another one, even when the
// accepting instance has stopped. (This file needs REDIS_URL; without it the in-process runner is used, whose
// restart behaviour is covered below.)
const withRedis = process.env.REDIS_URL ? describe : describe.skip;

async function jobStatus(databaseUrl: string, id: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT status FROM jobs WHERE id = $1', [id])).rows[0].status;
  } finally {
    await client.end();
  }
}

/** The ids of the jobs waiting in the BullMQ queue under `prefix`, read from Redis by BullMQ itself. */
async function queuedJobIds(prefix: string): Promise<string[]> {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue<{ jobId: string }>(JOBS_QUEUE, { prefix, connection });
  try {
    return (await queue.getWaiting()).map((job) => job.data.jobId);
  } finally {
    await queue.close();
    await connection.quit();
  }
}

withRedis('Jobs across an instance restart (BullMQ)', () => {
  it('completes a job queued by an instance that stopped before any worker ran it', async () => {
    const acceptor = await startTestApp({ env: { JOBS_WORKER_ENABLED: 'false' } });
    const author = await buildUser(acceptor.prisma);
    const post = await buildPost(acceptor.prisma, {
      authorId: author.id,
      title: 'Restart safety',
      body: 'durable queues',
    });
    const owner = await buildUser(acceptor.prisma);
    const accepted = await acceptor.http.post(
      '/api/search/jobs',
      { query: 'durable' },
      {
        headers: await authHeadersFor(acceptor, owner),
      },
    );
    expect(accepted.status).toBe(202);
    await acceptor.app.close();
    // JOBS_WORKER_ENABLED=false held: the stopped instance ran nothing, the job is still loading and queued.
    expect(await jobStatus(acceptor.database.url, accepted.body.id)).toBe('loading');
    expect(await queuedJobIds(`${acceptor.config.redis.keyPrefix}bull`)).toEqual([accepted.body.id]);

    const successor = await startTestApp({
      database: acceptor.database,
      env: { REDIS_KEY_PREFIX: acceptor.config.redis.keyPrefix },
    });
    try {
      const http = successor.http.as(await authHeadersFor(successor, owner));
      const done = await finishedJob(http, accepted.body.id);
      expect(done.body).toMatchObject({
        status: 'ok',
        result: { posts: [{ id: post.id, title: 'Restart safety' }] },
      });
    } finally {
      await successor.close();
      await acceptor.database.drop();
    }
  });
});

describe('Jobs across an instance restart (in-process)', () => {
  it('runs jobs left loading by a stopped instance when the next one starts', async () => {
    const first = await startTestApp({ env: { REDIS_URL: '' } });
    const owner = await buildUser(first.prisma);
    const author = await buildUser(first.prisma);
    await buildPost(first.prisma, { authorId: author.id, title: 'Left behind', body: 'resumable work' });
    // A job row as an instance that stopped before running it would leave it.
    const job = await first.prisma.job.create({
      data: { ownerId: owner.id, kind: 'search_posts', input: { query: 'resumable' } },
    });
    await first.app.close();

    const next = await startTestApp({ database: first.database, env: { REDIS_URL: '' } });
    try {
      const done = await finishedJob(next.http.as(await authHeadersFor(next, owner)), job.id);
      expect(done.body).toMatchObject({ status: 'ok', result: { posts: [{ title: 'Left behind' }] } });
    } finally {
      await next.close();
      await first.database.drop();
    }
  });
});
