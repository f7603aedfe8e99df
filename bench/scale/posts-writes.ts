import type { Socket } from 'socket.io-client';
import { median } from '../support/load.js';
import { ApiClient, medianMs, timedMs } from './http.js';
import { spreadPostIds } from './posts-probes.js';
import type { ScaleMetric, ScaleServers } from './series.js';

// The per-request writes whose cost must not grow with the tables: a like and its removal (post_likes and the
// post's counter), a cart line added and removed (cart_items), a presence join and leave (socket.io, presence
// store), and a post created and deleted (posts and one post_events row each). Sent one at a time by a signed-in
// demo user, each on posts spread over the whole table; everything done is undone.

const WRITES = Number(process.env.BENCH_SCALE_WRITES ?? 20);

const written = (id: string, label: string, value: number): ScaleMetric => ({
  id,
  label,
  group: 'writes',
  unit: 'ms',
  value,
  goal: { kind: 'flat' },
});

interface CartAnswer {
  items: unknown[];
}

async function likes(api: ApiClient, ids: number[]): Promise<ScaleMetric[]> {
  const unlikeTimes: number[] = [];
  const like = await medianMs(WRITES, async (i) => {
    const ms = (await api.expect(200, 'POST', `/api/v2/posts/${ids[i]}/like`)).ms;
    unlikeTimes.push((await api.expect(200, 'DELETE', `/api/v2/posts/${ids[i]}/like`)).ms);
    return ms;
  });
  const unlike = median(unlikeTimes.slice(1)); // the first pair was the warm-up
  return [
    written('like', 'like a post (POST …/like)', like),
    written('unlike', 'remove the like (DELETE …/like)', unlike),
  ];
}

async function cart(api: ApiClient, productIds: number[]): Promise<ScaleMetric> {
  const value = await medianMs(WRITES, async (i) => {
    const product = productIds[i % productIds.length];
    const ms = (await api.expect<CartAnswer>(200, 'POST', '/api/cart/items', { product_id: product })).ms;
    await api.expect(200, 'DELETE', `/api/cart/items/${product}`);
    return ms;
  });
  return written('cart-add', 'add a cart line (POST /api/cart/items)', value);
}

async function presence(api: ApiClient): Promise<ScaleMetric> {
  const socket: Socket = await api.socket();
  try {
    const value = await medianMs(WRITES, async (i) => {
      const topic = `room:scale-${i % 4}`;
      let ack: unknown;
      const ms = await timedMs(
        async () => (ack = await socket.timeout(10_000).emitWithAck('join', { topic })),
      );
      const left: unknown = await socket.timeout(10_000).emitWithAck('leave', { topic });
      for (const answer of [ack, left]) {
        if ((answer as { ok?: boolean }).ok !== true)
          throw new Error(`presence refused: ${JSON.stringify(answer)}`);
      }
      return ms;
    });
    return written('presence-join', 'presence: join a room (socket ack)', value);
  } finally {
    socket.close();
  }
}

async function postWithEvent(api: ApiClient): Promise<ScaleMetric[]> {
  const deleteTimes: number[] = [];
  const create = await medianMs(WRITES, async (i) => {
    const body = { title: `Scale probe ${i}`, body: 'Written by the scale benchmark and deleted at once.' };
    const created = await api.expect<{ data: { id: string } }>(201, 'POST', '/api/v2/posts', body);
    deleteTimes.push((await api.expect(204, 'DELETE', `/api/v2/posts/${created.body.data.id}`)).ms);
    return created.ms;
  });
  const remove = median(deleteTimes.slice(1));
  return [
    written('post-create', 'create a post (+ post_events row)', create),
    written('post-delete', 'delete it (+ post_events row)', remove),
  ];
}

export async function writeCosts(servers: ScaleServers, token: string): Promise<ScaleMetric[]> {
  const api = new ApiClient(servers.measured.baseUrl, token);
  const ids = await spreadPostIds(servers.db, WRITES + 1);
  const { rows } = await servers.db.query<{ id: number }>(
    `SELECT id FROM products WHERE active ORDER BY id LIMIT 50`,
  );
  return [
    ...(await likes(api, ids)),
    await cart(
      api,
      rows.map((row) => row.id),
    ),
    await presence(api),
    ...(await postWithEvent(api)),
  ];
}
