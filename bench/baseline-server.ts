import http from 'node:http';
import pg from 'pg';

// The floor Hearth is measured against: plain node:http + pg answering the benchmarked routes with the same JSON
// from the same SQL, and nothing else (no framework, validation, auth, ETag, compression, helmet or logging).
// Started by bench/run.ts as `tsx bench/baseline-server.ts` with BASELINE_DATABASE_URL, PORT and POOL_SIZE.

const EXCERPT_LENGTH = 100;

interface PostRow {
  id: number;
  title: string;
  body: string;
  published: boolean;
  likes_count: number;
  comments_count: number;
  created_at: Date;
  updated_at: Date;
}

const pool = new pg.Pool({
  connectionString: process.env.BASELINE_DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

function positiveInt(raw: string | null, fallback: number, max: number): number | null {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : null;
}

// Same work as PostsService.listPage: the page and the count, side by side on two pooled connections.
async function listPage(page: number, pageSize: number) {
  const [rows, count] = await Promise.all([
    pool.query<PostRow>(
      'SELECT * FROM posts WHERE published = true ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2',
      [pageSize, (page - 1) * pageSize],
    ),
    pool.query<{ count: string }>('SELECT count(*) AS count FROM posts WHERE published = true'),
  ]);
  const total = Number(count.rows[0].count);
  return {
    data: rows.rows.map((post) => ({
      id: post.id,
      title: post.title,
      excerpt: Array.from(post.body).slice(0, EXCERPT_LENGTH).join(''),
    })),
    metadata: {
      page_number: page,
      page_size: pageSize,
      total_entries: total,
      total_pages: Math.ceil(total / pageSize),
    },
  };
}

async function findPublished(id: number) {
  const { rows } = await pool.query<PostRow>('SELECT * FROM posts WHERE id = $1', [id]);
  const post = rows[0];
  if (!post || !post.published) return null;
  return {
    data: {
      type: 'post',
      id: String(post.id),
      attributes: {
        title: post.title,
        body: post.body,
        likes: post.likes_count,
        comments_count: post.comments_count,
        published: post.published,
        created_at: post.created_at.toISOString(),
        updated_at: post.updated_at.toISOString(),
      },
    },
  };
}

const notFound = { error: { code: 'not_found', message: 'Not found.' } };
const badRequest = { error: { code: 'validation_failed', message: 'The request has invalid fields.' } };

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://baseline');
  const handle = async () => {
    if (request.method !== 'GET') return send(response, 404, notFound);
    if (url.pathname === '/health') return send(response, 200, { status: 'ok' });
    if (url.pathname === '/api/v1/posts') {
      const page = positiveInt(url.searchParams.get('page'), 1, 1_000_000);
      const pageSize = positiveInt(url.searchParams.get('page_size'), 20, 100);
      if (page === null || pageSize === null) return send(response, 400, badRequest);
      return send(response, 200, await listPage(page, pageSize));
    }
    const detail = /^\/api\/v2\/posts\/(\d{1,9})$/.exec(url.pathname);
    if (detail) {
      const post = await findPublished(Number(detail[1]));
      return post ? send(response, 200, post) : send(response, 404, notFound);
    }
    return send(response, 404, notFound);
  };
  handle().catch((error: unknown) => {
    console.error('baseline request failed', error);
    if (!response.headersSent) send(response, 500, { error: { code: 'internal_error', message: 'failed' } });
  });
});

server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '127.0.0.1');

const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
