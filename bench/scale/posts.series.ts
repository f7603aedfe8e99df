import type pg from 'pg';
import { demoAccessToken } from '../support/hearth.js';
import { ApiClient } from './http.js';
import { growPostsTo, measureTables, SEARCH_QUERIES } from './posts-data.js';
import {
  deepCursor,
  lastPage,
  listThroughput,
  readLatencies,
  searchJob,
  searchJobs,
  spreadPostIds,
} from './posts-probes.js';
import { writeCosts } from './posts-writes.js';
import type { HotRequest, ScaleSeries, ScaleServers } from './series.js';

// Posts from a thousand to a million (BENCH_SCALE_SIZES): every read and write of issue 13's scale targets.

async function signedIn(baseUrl: string): Promise<ApiClient> {
  return new ApiClient(baseUrl, await demoAccessToken(baseUrl));
}

export const postsSeries: ScaleSeries = {
  id: 'posts',
  title: 'posts in the table',
  unit: 'posts',
  sizes: (settings) => settings.scaleSizes,
  grow: growPostsTo,
  describe: async (db: pg.Client) => {
    const { relationMiB, ...counts } = await measureTables(db);
    return { ...counts, relationMiB };
  },

  async measure(servers: ScaleServers, size: number) {
    const tables = await measureTables(servers.db);
    servers.log(`  measuring at ${size.toLocaleString('en-US')} posts`);
    const api = await signedIn(servers.measured.baseUrl);
    return [
      ...(await listThroughput(servers, tables.publishedPosts)),
      ...(await readLatencies(servers)),
      ...(await searchJobs(api, Object.values(SEARCH_QUERIES))),
      // A fresh token: the steps above can outlast a short access-token lifetime at a million posts.
      ...(await writeCosts(servers, await demoAccessToken(servers.measured.baseUrl))),
    ];
  },

  async hotRequests(servers: ScaleServers): Promise<HotRequest[]> {
    const anonymous = new ApiClient(servers.captured.baseUrl);
    const api = await signedIn(servers.captured.baseUrl);
    const { page } = await lastPage(anonymous);
    const [postId] = await spreadPostIds(servers.db, 1);
    const cursor = await deepCursor(servers.db);
    const { rows } = await servers.db.query<{ id: number }>(
      `SELECT min(id) AS id FROM products WHERE active`,
    );
    const product = rows[0].id;
    let created = '';
    // `name` is "METHOD /route/with/:placeholders"; `path` the URL actually requested.
    const send = (client: ApiClient, status: number, name: string, path: () => string, body?: unknown) => ({
      name,
      run: async () => void (await client.expect(status, name.split(' ')[0], path(), body)),
    });
    return [
      send(anonymous, 200, 'GET /api/v1/posts?page=1', () => '/api/v1/posts?page=1'),
      send(anonymous, 200, 'GET /api/v1/posts?page=<last>', () => `/api/v1/posts?page=${page}`),
      send(anonymous, 200, 'GET /api/v2/posts/:id', () => `/api/v2/posts/${postId}`),
      send(anonymous, 200, 'GET /api/v2/posts', () => '/api/v2/posts'),
      send(anonymous, 200, 'GET /api/v2/posts?cursor=<deep>', () => `/api/v2/posts?cursor=${cursor}`),
      ...[SEARCH_QUERIES.typical, SEARCH_QUERIES.rare].map((query) => ({
        name: `search job "${query}"`,
        run: async () => void (await searchJob(api, query)),
      })),
      send(api, 200, 'POST /api/v2/posts/:id/like', () => `/api/v2/posts/${postId}/like`),
      send(api, 200, 'DELETE /api/v2/posts/:id/like', () => `/api/v2/posts/${postId}/like`),
      send(api, 200, 'POST /api/cart/items', () => '/api/cart/items', { product_id: product }),
      send(api, 200, 'DELETE /api/cart/items/:id', () => `/api/cart/items/${product}`),
      {
        name: 'POST /api/v2/posts',
        run: async () => {
          const body = { title: 'Scale plan probe', body: 'Captured for EXPLAIN, deleted at once.' };
          const answer = await api.expect<{ data: { id: string } }>(201, 'POST', '/api/v2/posts', body);
          created = answer.body.data.id;
        },
      },
      send(api, 204, 'DELETE /api/v2/posts/:id', () => `/api/v2/posts/${created}`),
    ];
  },
};
