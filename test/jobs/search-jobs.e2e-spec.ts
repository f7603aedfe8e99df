import pg from 'pg';
import type { User } from '../../src/generated/prisma/client.js';
import { UserNotifier } from '../../src/common/user-notifier.js';
import { authHeadersFor } from '../support/auth.js';
import { buildPost, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { finishedJob } from './support/finished-job.js';

class RecordingNotifier extends UserNotifier {
  readonly events: { userId: number; event: string; payload: unknown }[] = [];
  async notify(userId: number, event: string, payload: unknown): Promise<void> {
    this.events.push({ userId, event, payload });
  }
}

// Both runners: BullMQ when REDIS_URL is set, in-process when it is not (REDIS_URL='' forces in-process).
const runners: [string, Record<string, string>][] = [['in-process', { REDIS_URL: '' }]];
if (process.env.REDIS_URL) runners.push(['BullMQ', {}]);

describe.each(runners)('Search jobs (%s runner)', (_runner, env) => {
  let t: TestApp;
  let owner: User;
  let http: HttpClient;
  const notifier = new RecordingNotifier();

  beforeAll(async () => {
    t = await startTestApp({
      env,
      configure: (builder) => builder.overrideProvider(UserNotifier).useValue(notifier),
    });
    owner = await buildUser(t.prisma);
    http = t.http.as(await authHeadersFor(t, owner));
  });
  afterAll(() => t.close());

  it('accepts a search at once, then finds published posts ranked by relevance', async () => {
    const author = await buildUser(t.prisma);
    const best = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'Sourdough baking',
      body: 'Baking sourdough bread: the baker bakes every morning.',
    });
    const weaker = await buildPost(t.prisma, {
      authorId: author.id,
      title: 'Morning routine',
      body: 'Coffee, then some baking.',
    });
    await buildPost(t.prisma, {
      authorId: author.id,
      title: 'Draft about baking',
      body: 'baking',
      published: false,
    });
    await buildPost(t.prisma, { authorId: author.id, title: 'Gardening', body: 'Tomatoes and basil.' });

    const accepted = await http.post('/api/search/jobs', { query: 'bake' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'loading' });

    const done = await finishedJob(http, accepted.body.id);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      id: accepted.body.id,
      status: 'ok',
      result: {
        posts: [
          { id: best.id, title: 'Sourdough baking', rank: expect.any(Number) },
          { id: weaker.id, title: 'Morning routine', rank: expect.any(Number) },
        ],
      },
    });
    expect(done.body.result.posts[0].rank).toBeGreaterThan(done.body.result.posts[1].rank);
    expect(done.headers['cache-control']).toContain('private');
    expect(notifier.events).toContainEqual({
      userId: owner.id,
      event: 'job_finished',
      payload: { id: accepted.body.id, status: 'ok' },
    });
  });

  it('understands web-search syntax and finds nothing without failing', async () => {
    const accepted = await http.post('/api/search/jobs', { query: '"no such phrase" -anything OR' });
    const done = await finishedJob(http, accepted.body.id);
    expect(done.body).toMatchObject({ status: 'ok', result: { posts: [] } });
  });

  it("answers 404 for another user's job and for ids that do not exist", async () => {
    const accepted = await http.post('/api/search/jobs', { query: 'anything' });
    const stranger = await buildUser(t.prisma);
    const strangerHttp = t.http.as(await authHeadersFor(t, stranger));
    const response = await strangerHttp.get(`/api/jobs/${accepted.body.id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect((await http.get('/api/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await http.get('/api/jobs/not-a-uuid')).status).toBe(404);
    expect((await t.http.get(`/api/jobs/${accepted.body.id}`)).status).toBe(401);
    await finishedJob(http, accepted.body.id);
  });

  it('rejects empty, blank, oversized and NUL-carrying queries', async () => {
    for (const body of [
      {},
      { query: '' },
      { query: '   ' },
      { query: 'x'.repeat(201) },
      { query: 'a\u0000b' },
      { query: 3 },
    ]) {
      const response = await http.post('/api/search/jobs', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});

describe('A search slower than 5 s but within its timeout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SEARCH_JOB_TIMEOUT_MS: '20000' } });
    await buildPost(t.prisma, { title: 'Searching', body: 'Searching hearth posts.' });
  });
  afterAll(() => t.close());

  /** Resolves once a statement has waited `ms` for the lock on posts, as PostgreSQL's own clock says. */
  async function searchWaitedFor(db: pg.Client, ms: number): Promise<void> {
    for (;;) {
      const { rows } = await db.query(
        `SELECT 1 FROM pg_locks
          WHERE relation = 'posts'::regclass AND NOT granted
            AND clock_timestamp() - waitstart > $1::int * interval '1 millisecond'`,
        [ms],
      );
      if (rows.length > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // Prisma's interactive transactions end after 5 s by default: the search used to lose its transaction while
  // PostgreSQL still had seconds of its statement timeout left, and failed though its query then succeeded.
  it('still finishes with its results', async () => {
    const http = t.http.as(await authHeadersFor(t, await buildUser(t.prisma)));
    const locker = await lockPosts(t.database.url);
    try {
      const accepted = await http.post('/api/search/jobs', { query: 'searching' });
      await searchWaitedFor(locker, 6_000);
      await locker.query('ROLLBACK');

      const done = await finishedJob(http, accepted.body.id, 30_000);
      expect(done.body).toMatchObject({ status: 'ok', result: { posts: [{ title: 'Searching' }] } });
    } finally {
      await locker.end();
    }
  });
});

// A search waits behind an ACCESS EXCLUSIVE lock on posts until its statement timeout cancels it (57014).
describe.each(['1', '6000'])('A search job that fails (SEARCH_JOB_TIMEOUT_MS=%s)', (timeoutMs) => {
  let t: TestApp;
  const notifier = new RecordingNotifier();

  beforeAll(async () => {
    t = await startTestApp({
      env: { SEARCH_JOB_TIMEOUT_MS: timeoutMs },
      configure: (builder) => builder.overrideProvider(UserNotifier).useValue(notifier),
    });
    await buildPost(t.prisma, { title: 'Searching', body: 'Searching hearth posts.' });
  });
  afterAll(() => t.close());

  it('ends in error with a message that reveals no SQL or stack, and tells the owner', async () => {
    const owner = await buildUser(t.prisma);
    const http = t.http.as(await authHeadersFor(t, owner));
    const locker = await lockPosts(t.database.url);
    try {
      const accepted = await http.post('/api/search/jobs', { query: 'searching' });
      expect(accepted.status).toBe(202);

      const done = await finishedJob(http, accepted.body.id, 30_000);
      expect(done.body).toEqual({
        id: accepted.body.id,
        status: 'error',
        error: 'The search took too long; try a more specific query.',
      });
      expect(notifier.events).toContainEqual({
        userId: owner.id,
        event: 'job_finished',
        payload: { id: accepted.body.id, status: 'error' },
      });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});

/** A connection holding an ACCESS EXCLUSIVE lock on posts in an open transaction: searches wait behind it. */
async function lockPosts(databaseUrl: string): Promise<pg.Client> {
  const locker = new pg.Client({ connectionString: databaseUrl });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE posts IN ACCESS EXCLUSIVE MODE');
    return locker;
  } catch (error) {
    await locker.end();
    throw error;
  }
}
