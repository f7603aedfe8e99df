import type pg from 'pg';

// Grows the scale database to N posts with SQL alone (generate_series, no API, no round trip per row), so a
// million posts load in a minute or two. Deterministic: the same N always gives the same rows. What it makes:
// - users: max(100, N / 100) OAuth-style users (no password), authors and likers of the bench posts;
// - posts: 10 % drafts, a title and 3-8 sentences of English-like text (a Zipf-skewed vocabulary, so full-text
//   search has common and rare terms as in real prose; RARE_TERM is in 0.1 % of the titles), newest first in
//   id order of the demo posts, then 30 s apart going back in time;
// - likes: 0-4 per published post, with likes_count matching the rows;
// - post_events: one post_created event per published post, payload as Hearth writes it;
// - cart: 200 products on sale and 0-2 cart lines per user.

/** Vocabulary, most frequent first (the English stop words are dropped by to_tsvector, as in real text). */
const WORDS = (
  'the of and to in a is that for it as with was on be by this are or at from have an not which but ' +
  'we they you all can their has more one will would there been when if about what so into some our ' +
  'data query server request post index table cache user page time team client response latency ' +
  'database release feature update service events socket stream search result error change build test ' +
  'deploy queue worker version schema migration memory thread connection pool transaction lock write ' +
  'read replica backup metric trace logging alert dashboard config secret token session cookie login ' +
  'password account profile upload image file storage bucket region network proxy header payload ' +
  'json api endpoint route controller module provider guard pipe filter interceptor decorator handler ' +
  'resolver gateway message topic presence typing channel room member invite moderation comment like ' +
  'cart order payment invoice refund product price stock shipping customer support ticket priority ' +
  'sprint roadmap design review merge branch commit deploy rollback incident outage recovery failover ' +
  'replication partition shard vacuum analyze planner statistics histogram bitmap sequential scan ' +
  'btree gin gist vector ranking stemming dictionary tokenizer parser lexeme phrase highlight snippet ' +
  'benchmark throughput percentile regression profile flame sample allocation garbage collector heap ' +
  'compression brotli gzip etag conditional freshness invalidation eviction warmup cold hot path ' +
  'keyset cursor offset pagination deep shallow count estimate exact counter trigger constraint ' +
  'coffee morning weekend holiday garden travel mountain river kitchen recipe bread music guitar ' +
  'library novel chapter poetry theatre museum painting sculpture festival market harbour lighthouse'
).split(' ');

/** A word found in about 0.1 % of post titles, for a selective search. */
export const RARE_TERM = 'kaleidoscope';
/** Two vocabulary words that appear together in a few percent of posts, for a typical search. */
export const TYPICAL_QUERY = 'replication latency';

const BENCH_EMAIL_DOMAIN = '@bench.hearth.local';
const CHUNK_ROWS = 100_000;
const SENTENCES = 4096;
const PRODUCTS = 200;

// hashint4(x) & 2147483647: a stable pseudo-random non-negative int per row, so runs are reproducible.
const H = (expression: string) => `(hashint4(${expression}) & 2147483647)`;

export interface PostsTableSize {
  posts: number;
  publishedPosts: number;
  users: number;
  likes: number;
  postEvents: number;
  cartItems: number;
  /** pg_total_relation_size (table, indexes, TOAST) in MiB. */
  relationMiB: Record<string, number>;
}

/**
 * Session setup for bulk loading: commit lazily, sort in memory. Triggers stay on (no session_replication_role):
 * a counter kept by a trigger must see every row the loader adds.
 */
async function prepareSession(client: pg.Client): Promise<void> {
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS bench_sentences (id int PRIMARY KEY, text text NOT NULL)`,
  );
  await client.query(
    `INSERT INTO bench_sentences (id, text)
     SELECT s, upper(left(x, 1)) || substr(x, 2) || '.'
       FROM generate_series(0, ${SENTENCES - 1}) AS s
      CROSS JOIN LATERAL (
        SELECT string_agg(w[1 + floor(power(${H('s * 64 + j')}::float8 / 2147483648, 2.5)
                              * array_length(w, 1))::int], ' ' ORDER BY j) AS x
          FROM generate_series(1, 6 + s % 10) AS j, (SELECT $1::text[] AS w) AS words
      ) AS sentence
     ON CONFLICT (id) DO NOTHING`,
    [WORDS],
  );
  await client.query(
    `INSERT INTO products (name, description, price_cents, active, created_at, updated_at)
     SELECT 'Bench product ' || n, 'For the scale benchmark.', 100 + n * 7, true, now(), now()
       FROM generate_series(1, ${PRODUCTS}) AS n
      WHERE NOT EXISTS (SELECT 1 FROM products WHERE name LIKE 'Bench product %')`,
  );
}

async function growUsers(client: pg.Client, target: number): Promise<void> {
  const { rows } = await client.query<{ last: number | null }>(
    `SELECT max(id) AS last FROM users WHERE email LIKE '%${BENCH_EMAIL_DOMAIN}'`,
  );
  await client.query(
    `INSERT INTO users (email, display_name, role, created_at, updated_at)
     SELECT 'bench-user-' || n || '${BENCH_EMAIL_DOMAIN}', 'Bench user ' || n, 'user', now(), now()
       FROM generate_series((SELECT count(*) FROM users WHERE email LIKE '%${BENCH_EMAIL_DOMAIN}') + 1, $1::int) AS n`,
    [target],
  );
  // 0-2 cart lines for each new user, of distinct products.
  await client.query(
    `WITH p AS (SELECT array_agg(id ORDER BY id) AS ids FROM products WHERE name LIKE 'Bench product %')
     INSERT INTO cart_items (user_id, product_id, quantity, created_at, updated_at)
     SELECT u.id, p.ids[1 + (u.id * 3 + j) % array_length(p.ids, 1)], 1 + j, now(), now()
       FROM users u CROSS JOIN p CROSS JOIN generate_series(0, 1) AS j
      WHERE u.email LIKE '%${BENCH_EMAIL_DOMAIN}' AND u.id > $1::int AND j < u.id % 3`,
    [rows[0].last ?? 0],
  );
}

/** Posts numbered `from`..`to` (the number seeds every pseudo-random choice of the row). */
async function insertPosts(client: pg.Client, from: number, to: number): Promise<void> {
  const sentence = (k: number) =>
    `JOIN bench_sentences s${k} ON s${k}.id = ${H(`n * 9 + ${k}`)} % ${SENTENCES}`;
  const optional = (k: number) => `CASE WHEN h.k > ${k - 1} THEN s${k}.text END`;
  await client.query(
    `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%${BENCH_EMAIL_DOMAIN}'),
          base AS (SELECT min(created_at) AS at FROM posts WHERE author_id IN (
                     SELECT id FROM users WHERE email NOT LIKE '%${BENCH_EMAIL_DOMAIN}'))
     INSERT INTO posts (author_id, title, body, published, likes_count, created_at, updated_at)
     SELECT u.ids[1 + ${H('n')} % array_length(u.ids, 1)],
            CASE WHEN n % 997 = 0 THEN '${RARE_TERM[0].toUpperCase()}${RARE_TERM.slice(1)}: ' ELSE '' END
              || left(rtrim(s0.text, '.'), 90),
            concat_ws(' ', s1.text, s2.text, s3.text, ${[4, 5, 6, 7, 8].map(optional).join(', ')}),
            n % 10 <> 0,
            CASE WHEN n % 10 <> 0 THEN h.likes ELSE 0 END,
            h.at, h.at
       FROM generate_series($1::int, $2::int) AS n
      CROSS JOIN u
      CROSS JOIN LATERAL (
        SELECT 3 + ${H('n + 7777777')} % 6 AS k, ${H('n + 5555555')} % 5 AS likes,
               coalesce((SELECT at FROM base), now()) - interval '1 hour' - n * interval '30 seconds' AS at
      ) AS h
      ${[0, 1, 2, 3, 4, 5, 6, 7, 8].map(sentence).join('\n      ')}`,
    [from, to],
  );
}

/** Like rows (matching likes_count) and post_created events for the posts with an id above `afterId`. */
async function insertLikesAndEvents(client: pg.Client, afterId: number): Promise<void> {
  await client.query(
    `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%${BENCH_EMAIL_DOMAIN}')
     INSERT INTO post_likes (post_id, user_id, created_at)
     SELECT p.id, u.ids[1 + (p.id * 7 + j * 131) % array_length(u.ids, 1)], p.created_at + j * interval '1 minute'
       FROM posts p CROSS JOIN u CROSS JOIN generate_series(0, 3) AS j
      WHERE p.id > $1::int AND j < p.likes_count
     ON CONFLICT DO NOTHING`,
    [afterId],
  );
  const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await client.query(
    `INSERT INTO post_events (type, post_id, payload, created_at)
     SELECT 'post_created', p.id,
            jsonb_build_object('dom_id', 'posts-' || p.id, 'post', jsonb_build_object(
              'title', p.title, 'body', p.body, 'likes', 0, 'published', true,
              'created_at', ${iso('p.created_at')}, 'updated_at', ${iso('p.updated_at')})),
            p.created_at
       FROM posts p
      WHERE p.id > $1::int AND p.published
      ORDER BY p.created_at, p.id`,
    [afterId],
  );
}

/**
 * Adds posts (with their authors, likes, events and carts) until the table holds `target` posts, in chunks,
 * then VACUUM ANALYZE so plans and the visibility map are those of a table autovacuum has caught up with.
 * Anything Hearth derives from these tables in application code (not in a trigger), such as a count of published
 * posts kept by its services, must be brought up to date here too, or the API will disagree with the rows.
 */
export async function growPostsTo(
  client: pg.Client,
  target: number,
  log: (message: string) => void,
): Promise<void> {
  await prepareSession(client);
  await growUsers(client, Math.max(100, Math.ceil(target / 100)));
  const { rows } = await client.query<{ count: number; last: number | null }>(
    `SELECT count(*)::int AS count, max(id) AS last FROM posts`,
  );
  const afterId = rows[0].last ?? 0;
  for (let from = rows[0].count + 1; from <= target; from += CHUNK_ROWS) {
    const to = Math.min(target, from + CHUNK_ROWS - 1);
    await insertPosts(client, from, to);
    log(`  posts ${to.toLocaleString('en-US')} / ${target.toLocaleString('en-US')}`);
  }
  await insertLikesAndEvents(client, afterId);
  await client.query(`VACUUM (ANALYZE) users, posts, post_likes, post_events, products, cart_items`);
}

export async function measureTables(client: pg.Client): Promise<PostsTableSize> {
  const { rows } = await client.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM posts)::int AS posts,
            (SELECT count(*) FROM posts WHERE published)::int AS published,
            (SELECT count(*) FROM users)::int AS users,
            (SELECT count(*) FROM post_likes)::int AS likes,
            (SELECT count(*) FROM post_events)::int AS events,
            (SELECT count(*) FROM cart_items)::int AS cart`,
  );
  const sizes = await client.query<{ name: string; mib: number }>(
    `SELECT relname AS name, round(pg_total_relation_size(oid) / 1048576.0, 1)::float8 AS mib
       FROM pg_class WHERE relname IN ('posts', 'post_likes', 'post_events', 'users', 'cart_items')`,
  );
  const [counts] = rows;
  return {
    posts: counts.posts,
    publishedPosts: counts.published,
    users: counts.users,
    likes: counts.likes,
    postEvents: counts.events,
    cartItems: counts.cart,
    relationMiB: Object.fromEntries(sizes.rows.map((row) => [row.name, row.mib])),
  };
}
