import type pg from 'pg';
import { measure } from '../support/load.js';
import { ApiClient, medianMs } from './http.js';
import type { HotRequest, ScaleMetric, ScaleSeries, ScaleServers } from './series.js';

// Issue 17: one post's comments, from 10 to 100,000 (BENCH_COMMENT_SIZES). Listing them by keyset (v2) must cost
// the same at every size and at every depth; the v1 offset page at the end of the list is measured beside it, to
// show what keyset saves.

const POST_TITLE = 'Scale: the post everyone comments on';
const SINGLE_REQUESTS = 15;
const PAGE = 20;

function sizesFromEnvironment(): number[] {
  const raw = process.env.BENCH_COMMENT_SIZES;
  if (!raw) return [10, 1_000, 100_000];
  return raw.split(',').map((value) => {
    const size = Number(value.trim());
    if (!Number.isInteger(size) || size < PAGE || size > 10_000_000) {
      throw new Error(`BENCH_COMMENT_SIZES: ${value} is not an integer from ${PAGE} to 10,000,000`);
    }
    return size;
  });
}

/** The commented post (created on first use, published, by the first user) and its comment count. */
async function commentedPost(db: pg.Client): Promise<{ id: number; comments: number }> {
  const found = await db.query<{ id: number }>(`SELECT id FROM posts WHERE title = $1`, [POST_TITLE]);
  const id =
    found.rows[0]?.id ??
    (
      await db.query<{ id: number }>(
        `INSERT INTO posts (author_id, title, body, published, updated_at)
         VALUES ((SELECT min(id) FROM users), $1, 'Comments pile up here.', true, now()) RETURNING id`,
        [POST_TITLE],
      )
    ).rows[0].id;
  const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM comments WHERE post_id = $1`, [
    id,
  ]);
  return { id, comments: Number(rows[0].count) };
}

/** Adds comments (one a second, oldest first, by a handful of users) until the post has `size`. */
async function growCommentsTo(db: pg.Client, size: number, log: (message: string) => void): Promise<void> {
  const post = await commentedPost(db);
  if (post.comments >= size) return;
  log(`  inserting ${(size - post.comments).toLocaleString('en-US')} comments`);
  await db.query(
    `INSERT INTO comments (post_id, author_id, body, created_at, updated_at)
     SELECT $1, u.id, 'Comment ' || g || ': ' || repeat('words ', 10),
            timestamptz '2026-01-01' + g * interval '1 second', timestamptz '2026-01-01' + g * interval '1 second'
       FROM generate_series($2::int + 1, $3::int) AS g
       JOIN LATERAL (SELECT id FROM users ORDER BY id OFFSET g % 5 LIMIT 1) AS u ON true`,
    [post.id, post.comments, size],
  );
  await db.query(
    `UPDATE posts SET comments_count = (SELECT count(*) FROM comments WHERE post_id = $1) WHERE id = $1`,
    [post.id],
  );
  await db.query('ANALYZE comments');
}

/** The cursor Hearth would hand out just before the post's last `PAGE` comments (base64url JSON, as issued). */
async function deepCursor(db: pg.Client, postId: number): Promise<string> {
  const { rows } = await db.query<{ created_at: Date; id: number }>(
    `SELECT created_at, id FROM comments WHERE post_id = $1 ORDER BY created_at, id
      OFFSET greatest((SELECT count(*) FROM comments WHERE post_id = $1) - $2::int - 1, 0) LIMIT 1`,
    [postId, PAGE],
  );
  return Buffer.from(JSON.stringify([rows[0].created_at.toISOString(), rows[0].id])).toString('base64url');
}

async function paths(db: pg.Client) {
  const post = await commentedPost(db);
  const base = `/api/v2/posts/${post.id}/comments`;
  return {
    first: `${base}?limit=${PAGE}`,
    deep: `${base}?limit=${PAGE}&cursor=${await deepCursor(db, post.id)}`,
    v1Last: `/api/v1/posts/${post.id}/comments?page_size=${PAGE}&page=${Math.max(1, Math.ceil(post.comments / PAGE))}`,
  };
}

export const commentsSeries: ScaleSeries = {
  id: 'comments',
  title: 'comments on one post',
  unit: 'comments',
  sizes: () => sizesFromEnvironment(),
  grow: growCommentsTo,
  describe: async (db: pg.Client) => {
    const post = await commentedPost(db);
    const { rows } = await db.query<{ mib: number }>(
      `SELECT round(pg_total_relation_size('comments') / 1048576.0, 1)::float AS mib`,
    );
    return { commentsOnThePost: post.comments, relationMiB: { comments: rows[0].mib } };
  },

  async measure(servers: ScaleServers, size: number): Promise<ScaleMetric[]> {
    servers.log(`  measuring at ${size.toLocaleString('en-US')} comments`);
    const api = new ApiClient(servers.measured.baseUrl);
    const { first, deep, v1Last } = await paths(servers.db);
    const get = (path: string) => async () => (await api.expect(200, 'GET', path)).ms;
    const load = await measure(
      'Hearth',
      'GET …/comments?cursor=<deep>',
      `${api.baseUrl}${deep}`,
      servers.settings,
    );
    return [
      {
        id: 'v2-comments-first',
        label: 'v2 first page of comments, one request',
        group: 'reads',
        unit: 'ms',
        value: await medianMs(SINGLE_REQUESTS, get(first)),
        goal: { kind: 'flat' },
      },
      {
        id: 'v2-comments-deep',
        label: 'v2 last page of comments (deep cursor), one request',
        group: 'reads',
        unit: 'ms',
        value: await medianMs(SINGLE_REQUESTS, get(deep)),
        goal: { kind: 'flat' },
      },
      {
        id: 'v2-comments-deep-load',
        label: 'v2 last page of comments (deep cursor), throughput under load',
        group: 'throughput',
        unit: 'req/s',
        value: load.requestsPerSecond,
        note: `p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ${load.errors} errors`,
        goal: { kind: 'share-of-smallest', min: 0.7 },
      },
      {
        id: 'v1-comments-last',
        label: 'v1 last offset page of comments (for comparison), one request',
        group: 'reads',
        unit: 'ms',
        value: await medianMs(SINGLE_REQUESTS, get(v1Last)),
      },
    ];
  },

  async hotRequests(servers: ScaleServers): Promise<HotRequest[]> {
    const api = new ApiClient(servers.captured.baseUrl);
    const { first, deep, v1Last } = await paths(servers.db);
    const send = (name: string, path: string) => ({
      name,
      run: async () => void (await api.expect(200, 'GET', path)),
    });
    return [
      send('GET /api/v2/posts/:id/comments', first),
      send('GET /api/v2/posts/:id/comments?cursor=<deep>', deep),
      send('GET /api/v1/posts/:id/comments?page=<last>', v1Last),
    ];
  },
};
