import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The migrated schema as the scale targets need it: the stored, GIN-indexed search vector and the per-request
// queries of posts, likes, the cart and post_events served by an index (never a scan growing with the table).
// Plans are taken with sequential scans disabled: on a small table the planner rightly prefers a scan, and this
// asks whether an index can serve the query at all (a query no index serves still shows a Seq Scan).

const SEARCH = `SELECT id, title, ts_rank(search_vector, q) AS rank
                  FROM posts, websearch_to_tsquery('english', $1) AS q
                 WHERE search_vector @@ q AND published
                 ORDER BY rank DESC, id DESC LIMIT 20`;

describe('The posts schema at scale', () => {
  let database: TestDatabase;
  let db: pg.Client;

  const plan = async (sql: string, params: unknown[] = []) => {
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_seqscan = off');
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await db.query('ROLLBACK');
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    await db.query(`INSERT INTO users (email, updated_at) VALUES ('schema@example.test', now())`);
    await db.query(
      `INSERT INTO posts (author_id, title, body, published, updated_at)
       SELECT (SELECT id FROM users LIMIT 1), 'Post ' || n, 'Harbour lighthouse number ' || n
                || CASE WHEN n % 100 = 1 THEN ' kaleidoscope' ELSE '' END, n % 10 <> 0, now()
         FROM generate_series(1, 500) AS n`,
    );
    await db.query('ANALYZE posts');
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('stores search_vector as a column generated from title and body', async () => {
    const { rows } = await db.query(
      `SELECT a.attgenerated, pg_get_expr(d.adbin, d.adrelid) AS expression, format_type(a.atttypid, NULL) AS type
         FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'posts'::regclass AND a.attname = 'search_vector'`,
    );
    expect(rows).toEqual([
      {
        attgenerated: 's',
        type: 'tsvector',
        expression: expect.stringMatching(
          /to_tsvector\('english'::regconfig, \(\(title \|\| ' '::text\) \|\| body\)\)/,
        ),
      },
    ]);
    const post = await db.query(`SELECT search_vector::text AS v FROM posts WHERE title = 'Post 7'`);
    expect(post.rows[0].v).toContain("'lighthous'");
  });

  it('indexes search_vector with GIN, and searches go through that index', async () => {
    const { rows } = await db.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'posts_search_vector_idx'`,
    );
    expect(rows[0]?.indexdef).toContain('USING gin (search_vector)');
    expect(await plan(SEARCH, ['kaleidoscope'])).toMatch(/Bitmap Index Scan on posts_search_vector_idx/);
  });

  it('reads deep v1 pages from the (published, created_at, id, hidden_at) index alone', async () => {
    const listed = 'WHERE published AND hidden_at IS NULL';
    const sql = `SELECT id FROM posts ${listed} ORDER BY created_at DESC, id DESC OFFSET 400 LIMIT 20`;
    expect(await plan(sql)).toMatch(
      /Index Only Scan using posts_published_created_at_id_hidden_at_idx on posts/,
    );
    const backwards = `SELECT id FROM posts ${listed} ORDER BY created_at ASC, id ASC OFFSET 10 LIMIT 20`;
    expect(await plan(backwards)).toMatch(
      /Index Only Scan Backward using posts_published_created_at_id_hidden_at_idx/,
    );
  });

  it.each([
    [
      'a like',
      `INSERT INTO post_likes (post_id, user_id) VALUES (1, 1) ON CONFLICT DO NOTHING`,
      /post_likes_pkey|Insert/,
    ],
    [
      'an unlike',
      `DELETE FROM post_likes WHERE post_id = 1 AND user_id = 1`,
      /Index \w* ?Scan using post_likes_pkey/,
    ],
    [
      'the like counter',
      `UPDATE posts SET likes_count = likes_count + 1 WHERE id = 1`,
      /Index Scan using posts_pkey/,
    ],
    [
      'a cart line',
      `DELETE FROM cart_items WHERE user_id = 1 AND product_id = 1`,
      /Index \w* ?Scan using cart_items_pkey/,
    ],
    [
      'a cart read',
      `SELECT * FROM cart_items WHERE user_id = 1`,
      /(Index|Bitmap Index) \w* ?Scan (using|on) cart_items_pkey/,
    ],
    ['emptied cart lines', `DELETE FROM cart_items WHERE user_id = 1 AND quantity <= 0`, /cart_items_pkey/],
    [
      'the oldest event',
      `SELECT id FROM post_events ORDER BY id ASC LIMIT 1`,
      /Index Only Scan using post_events_pkey/,
    ],
    [
      'an SSE replay',
      `SELECT * FROM post_events WHERE id > 5 ORDER BY id ASC LIMIT 101`,
      /Index Scan using post_events_pkey/,
    ],
    [
      'event pruning',
      `DELETE FROM post_events WHERE created_at < now() - interval '1 hour'`,
      /post_events_created_at_idx/,
    ],
    ['the published total', `SELECT listed FROM post_counters WHERE name = 'posts'`, /post_counters_pkey/],
  ])('serves %s from an index', async (_name, sql, expected) => {
    const text = await plan(sql);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
