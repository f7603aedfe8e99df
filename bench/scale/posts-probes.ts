import type pg from 'pg';
import { measure } from '../support/load.js';
import { ApiClient, medianMs, timedMs } from './http.js';
import type { ScaleMetric, ScaleServers } from './series.js';

// What a request costs at one size of the posts table: list throughput, deep pages, keyset pages, the search job,
// and the per-request writes (likes, cart, presence, post_events). Single requests are sent one at a time and
// reported as the median of several.

const SINGLE_REQUESTS = 5;
const CURSOR_WALK_PAGES = 10;
const SEARCH_POLL_MS = 10;
const SEARCH_WAIT_MS = 30_000;

interface PageAnswer {
  data: unknown[];
  metadata: { total_entries: number; total_pages: number };
}

interface CursorAnswer {
  meta: { next_cursor: string | null };
}

/** The last page of the v1 list (page 45,000 at a million posts) and the exact published count. */
export async function lastPage(api: ApiClient): Promise<{ page: number; total: number }> {
  const { body } = await api.expect<PageAnswer>(200, 'GET', '/api/v1/posts?page=1');
  return { page: Math.max(1, body.metadata.total_pages), total: body.metadata.total_entries };
}

/** The cursor Hearth would hand out just before the last `limit` published posts (base64url JSON, as issued). */
export async function deepCursor(db: pg.Client, limit = 20): Promise<string> {
  const { rows } = await db.query<{ created_at: Date; id: number }>(
    `SELECT created_at, id FROM posts WHERE published ORDER BY created_at DESC, id DESC
      OFFSET greatest((SELECT count(*) FROM posts WHERE published) - $1::int - 1, 0) LIMIT 1`,
    [limit],
  );
  return Buffer.from(JSON.stringify([rows[0].created_at.toISOString(), rows[0].id])).toString('base64url');
}

/** Published post ids spread evenly over the whole table (not only the newest), `count` of them. */
export async function spreadPostIds(db: pg.Client, count: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM posts WHERE published) AS ranked
      WHERE n % greatest((SELECT count(*) FROM posts WHERE published) / $1::int, 1) = 0
      ORDER BY id LIMIT $1::int`,
    [count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} published posts to sample from`);
  return rows.map((row) => row.id);
}

export async function listThroughput(servers: ScaleServers, published: number): Promise<ScaleMetric[]> {
  const anonymous = new ApiClient(servers.measured.baseUrl);
  const { total } = await lastPage(anonymous);
  const exact = total === published;
  const url = `${anonymous.baseUrl}/api/v1/posts?page=1`;
  const row = await measure('Hearth', 'GET /api/v1/posts?page=1', url, servers.settings);
  // At a million posts, requests queued behind slow counts can time out (10 s): that is a result, not a crash.
  const failed = row.errors > 0 ? `; ${row.errors} failed (${row.timeouts} timed out after 10 s)` : '';
  return [
    {
      id: 'v1-page-1',
      label: 'v1 page 1, throughput under load',
      group: 'throughput',
      unit: 'req/s',
      value: row.requestsPerSecond,
      note:
        `p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms${failed}; ` +
        `total_entries ${exact ? 'exact' : `${total}, but the table has ${published}`}`,
      goal: { kind: 'share-of-smallest', min: 0.7 },
    },
  ];
}

export async function readLatencies(servers: ScaleServers): Promise<ScaleMetric[]> {
  const api = new ApiClient(servers.measured.baseUrl);
  const { page } = await lastPage(api);
  const ids = await spreadPostIds(servers.db, SINGLE_REQUESTS + 1);
  const cursor = await deepCursor(servers.db);
  const get = (path: string) => async () => (await api.expect(200, 'GET', path)).ms;
  return [
    {
      id: 'v1-last-page',
      label: 'v1 last page, one request',
      group: 'reads',
      unit: 'ms',
      value: await medianMs(SINGLE_REQUESTS, get(`/api/v1/posts?page=${page}`)),
      note: `page ${page}`,
      goal: { kind: 'at-most-ms', max: 100 },
    },
    {
      // The deferred join walks the index from the nearer end: the middle page is its worst case.
      id: 'v1-middle-page',
      label: 'v1 middle page, one request',
      group: 'reads',
      unit: 'ms',
      value: await medianMs(SINGLE_REQUESTS, get(`/api/v1/posts?page=${Math.ceil(page / 2)}`)),
      note: `page ${Math.ceil(page / 2)}`,
      goal: { kind: 'at-most-ms', max: 100 },
    },
    {
      id: 'v2-post',
      label: 'v2 post by id, one request',
      group: 'reads',
      unit: 'ms',
      value: await medianMs(SINGLE_REQUESTS, (i) => get(`/api/v2/posts/${ids[i]}`)()),
      goal: { kind: 'flat' },
    },
    {
      id: 'v2-first-page',
      label: 'v2 first cursor page',
      group: 'reads',
      unit: 'ms',
      value: await medianMs(SINGLE_REQUESTS, get('/api/v2/posts')),
      goal: { kind: 'flat' },
    },
    await cursorWalk(api),
    {
      id: 'v2-deep-cursor',
      label: 'v2 page at the end of the table (deep cursor)',
      group: 'reads',
      unit: 'ms',
      value: await medianMs(SINGLE_REQUESTS, get(`/api/v2/posts?cursor=${cursor}`)),
      goal: { kind: 'flat' },
    },
  ];
}

async function cursorWalk(api: ApiClient): Promise<ScaleMetric> {
  let cursor: string | null = null;
  const value = await medianMs(CURSOR_WALK_PAGES, async () => {
    const path = cursor === null ? '/api/v2/posts' : `/api/v2/posts?cursor=${cursor}`;
    const answer = await api.expect<CursorAnswer>(200, 'GET', path);
    cursor = answer.body.meta.next_cursor;
    return answer.ms;
  });
  return {
    id: 'v2-cursor-walk',
    label: `v2 cursor pages 2-${CURSOR_WALK_PAGES + 1}, following next_cursor`,
    group: 'reads',
    unit: 'ms',
    value,
    goal: { kind: 'flat' },
  };
}

interface JobAnswer {
  id: string;
  status: 'loading' | 'ok' | 'error';
  result?: { posts: unknown[] } | null;
  error?: string | null;
}

/** Enqueues a search job through the API and polls it to its end: the time a client waits for its results. */
export async function searchJob(api: ApiClient, query: string): Promise<{ ms: number; outcome: string }> {
  let job: JobAnswer | undefined;
  const ms = await timedMs(async () => {
    const created = await api.expect<JobAnswer>(202, 'POST', '/api/search/jobs', { query });
    const deadline = Date.now() + SEARCH_WAIT_MS;
    job = created.body;
    while (job.status === 'loading' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, SEARCH_POLL_MS));
      job = (await api.expect<JobAnswer>(200, 'GET', `/api/jobs/${created.body.id}`)).body;
    }
  });
  const outcome =
    job?.status === 'ok'
      ? `ok, ${job.result?.posts.length ?? 0} hit${job.result?.posts.length === 1 ? '' : 's'}`
      : job?.status === 'error'
        ? `error: ${job.error}`
        : `still loading after ${SEARCH_WAIT_MS / 1000} s`;
  return { ms, outcome };
}

export async function searchJobs(api: ApiClient, queries: string[]): Promise<ScaleMetric[]> {
  const metrics: ScaleMetric[] = [];
  for (const query of queries) {
    const { ms, outcome } = await searchJob(api, query);
    metrics.push({
      id: `search-${query.replace(/\W+/g, '-')}`,
      label: `search job "${query}", enqueue to finished`,
      group: 'search',
      unit: 'ms',
      value: outcome.startsWith('ok') ? ms : null,
      note: `${outcome} (${Math.round(ms)} ms)`,
      goal: { kind: 'at-most-ms', max: 500 },
    });
  }
  return metrics;
}
