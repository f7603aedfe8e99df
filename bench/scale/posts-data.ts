import type pg from 'pg';

// Grows the scale database to N posts with SQL alone (generate_series, no API, no round trip per row), so a
// million posts load in a minute or two. Deterministic: the same N always gives the same rows. What it makes:
// - users: max(100, N / 100) OAuth-style users (no password), authors and likers of the bench posts;
// - posts: 10 % drafts, a title and 1-4 paragraphs (about 100 words, 700 characters) of English-like text from a
//   Zipf-skewed vocabulary, so full-text search has common and rare terms as in real prose (RARE_TERM is in 0.1 %
//   of the titles); 30 s apart, going back in time from the demo posts;
// - likes: 0-4 per published post, with likes_count matching the rows;
// - post_events: one post_created event per published post, payload as Hearth writes it;
// - cart: 200 products on sale and 0-2 cart lines per user.

/** Common words, most frequent first (the English stop words are dropped by to_tsvector, as in real text). */
const COMMON_WORDS = (
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

// Real prose has a long tail of rarer words: 1,800 made-up ones (three syllables each) after the common words.
const SYLLABLES = 'ka lo mi ren tas vo ne dur sil om pra que bel tor fin gal hus jor lek nim'.split(' ');
const TAIL_WORDS = Array.from({ length: 1_800 }, (_, i) =>
  [i % 20, Math.floor(i / 20) % 20, (Math.floor(i / 400) + i) % 20].map((k) => SYLLABLES[k]).join(''),
);
const WORDS = [...COMMON_WORDS, ...TAIL_WORDS];
// Draws favour the start of WORDS: index = floor(len * u^3) for uniform u (a Zipf-like skew).
const SKEW = 3;

/** Searches at three selectivities (share of published posts matching, measured on generated data). */
export const SEARCH_QUERIES = {
  /** Two common topic words: about 1.7 % of posts. */
  broad: 'replication latency',
  /** Two rarer words: about 0.5 % of posts. */
  typical: 'harbour lighthouse',
  /** A word in 0.1 % of post titles. */
  rare: 'kaleidoscope',
};
const RARE_TERM = SEARCH_QUERIES.rare;

const BENCH_EMAIL_DOMAIN = '@bench.hearth.local';
const CHUNK_ROWS = 100_000;
const SENTENCES = 4096;
const PARAGRAPHS = 4096;
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
        SELECT string_agg(w[1 + floor(power(${H('s * 64 + j')}::float8 / 2147483648, ${SKEW})
                              * array_length(w, 1))::int], ' ' ORDER BY j) AS x
          FROM generate_series(1, 6 + s % 10) AS j, (SELECT $1::text[] AS w) AS words
      ) AS sentence
     ON CONFLICT (id) DO NOTHING`,
    [WORDS],
  );
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS bench_paragraphs (id int PRIMARY KEY, text text NOT NULL)`,
  );
  await client.query(
    `INSERT INTO bench_paragraphs (id, text)
     SELECT p, (SELECT string_agg(s.text, ' ' ORDER BY j)
                  FROM generate_series(1, 2 + p % 5) AS j
                  JOIN bench_sentences s ON s.id = ${H('p * 8 + j')} % ${SENTENCES})
       FROM generate_series(0, ${PARAGRAPHS - 1}) AS p
     ON CONFLICT (id) DO NOTHING`,
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
  const paragraph = (k: number) =>
    `JOIN bench_paragraphs p${k} ON p${k}.id = ${H(`n * 5 + ${k}`)} % ${PARAGRAPHS}`;
  const optional = (k: number) => `CASE WHEN h.k >= ${k} THEN p${k}.text END`;
  await client.query(
    `WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%${BENCH_EMAIL_DOMAIN}'),
          base AS (SELECT min(created_at) AS at FROM posts WHERE author_id IN (
                     SELECT id FROM users WHERE email NOT LIKE '%${BENCH_EMAIL_DOMAIN}'))
     INSERT INTO posts (author_id, title, body, published, likes_count, created_at, updated_at)
     SELECT u.ids[1 + ${H('n')} % array_length(u.ids, 1)],
            CASE WHEN n % 997 = 0 THEN '${RARE_TERM[0].toUpperCase()}${RARE_TERM.slice(1)}: ' ELSE '' END
              || left(rtrim(title.text, '.'), 90),
            concat_ws(E'\n\n', p1.text, ${[2, 3, 4].map(optional).join(', ')}),
            n % 10 <> 0,
            CASE WHEN n % 10 <> 0 THEN h.likes ELSE 0 END,
            h.at, h.at
       FROM generate_series($1::int, $2::int) AS n
      CROSS JOIN u
      CROSS JOIN LATERAL (
        SELECT 1 + ${H('n + 7777777')} % 4 AS k, ${H('n + 5555555')} % 5 AS likes,
               coalesce((SELECT at FROM base), now()) - interval '1 hour' - n * interval '30 seconds' AS at
      ) AS h
      JOIN bench_sentences title ON title.id = ${H('n * 5')} % ${SENTENCES}
      ${[1, 2, 3, 4].map(paragraph).join('\n      ')}`,
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
