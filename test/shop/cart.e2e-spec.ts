import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCartItem, buildProduct, buildUser } from '../support/factories.js';
import type { HttpClient } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Cart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function shopper(): Promise<{ user: User; http: HttpClient }> {
    const user = await buildUser(t.prisma);
    return { user, http: t.http.as(await authHeadersFor(t, user)) };
  }

  it('starts empty and totals its lines in integer cents on the server', async () => {
    const { http } = await shopper();
    expect((await http.get('/api/cart')).body).toEqual({ items: [], total_cents: 0 });

    const mug = await buildProduct(t.prisma, { name: 'Mug', priceCents: 1_099 });
    const tee = await buildProduct(t.prisma, { name: 'Tee', priceCents: 1_501 });
    await http.post('/api/cart/items', { product_id: mug.id, quantity: 3 });
    const added = await http.post('/api/cart/items', { product_id: tee.id });
    expect(added.status).toBe(200);
    const expected = {
      items: [
        { product_id: mug.id, name: 'Mug', price_cents: 1_099, quantity: 3 },
        { product_id: tee.id, name: 'Tee', price_cents: 1_501, quantity: 1 },
      ],
      total_cents: 3 * 1_099 + 1_501,
    };
    expect(added.body).toEqual(expected);
    const fetched = await http.get('/api/cart');
    expect(fetched.body).toEqual(expected);
    expect(fetched.headers['cache-control']).toContain('private');
  });

  it('counts every one of 20 concurrent adds of the same product', async () => {
    const { user, http } = await shopper();
    const product = await buildProduct(t.prisma);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => http.post('/api/cart/items', { product_id: product.id, quantity: 1 })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const cart = await http.get('/api/cart');
    expect(cart.body.items).toEqual([expect.objectContaining({ product_id: product.id, quantity: 20 })]);
    expect(cart.body.total_cents).toBe(20 * product.priceCents);
    expect(await t.prisma.cartItem.count({ where: { userId: user.id } })).toBe(1);
  });

  it('adds to an existing line and refuses to take a line past 99', async () => {
    const { http } = await shopper();
    const product = await buildProduct(t.prisma);
    await http.post('/api/cart/items', { product_id: product.id, quantity: 60 });
    const tooMany = await http.post('/api/cart/items', { product_id: product.id, quantity: 40 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'cart_quantity_limit', details: { max_quantity: 99 } });
    const filled = await http.post('/api/cart/items', { product_id: product.id, quantity: 39 });
    expect(filled.body.items[0].quantity).toBe(99);
  });

  it('sets a line to a new quantity and removes a line', async () => {
    const { user, http } = await shopper();
    const keep = await buildProduct(t.prisma, { priceCents: 300 });
    const drop = await buildProduct(t.prisma, { priceCents: 700 });
    await buildCartItem(t.prisma, { userId: user.id, productId: keep.id, quantity: 5 });
    await buildCartItem(t.prisma, { userId: user.id, productId: drop.id, quantity: 1 });

    const patched = await http.patch(`/api/cart/items/${keep.id}`, { quantity: 2 });
    expect(patched.status).toBe(200);
    expect(patched.body.total_cents).toBe(2 * 300 + 700);

    const removed = await http.delete(`/api/cart/items/${drop.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      items: [expect.objectContaining({ product_id: keep.id, quantity: 2 })],
      total_cents: 600,
    });
    // Removing what is not there is not an error.
    expect((await http.delete(`/api/cart/items/${drop.id}`)).status).toBe(200);
  });

  it('rejects bad quantities and lines that are not in the cart', async () => {
    const { http } = await shopper();
    const product = await buildProduct(t.prisma);
    for (const quantity of [0, -1, 100, 1.5, '2']) {
      const response = await http.post('/api/cart/items', { product_id: product.id, quantity });
      expect(response.status).toBe(400);
    }
    expect((await http.patch(`/api/cart/items/${product.id}`, { quantity: 0 })).status).toBe(400);
    const missing = await http.patch(`/api/cart/items/${product.id}`, { quantity: 3 });
    expect(missing.status).toBe(404);
  });

  it('answers 404 for products that do not exist or are no longer on sale, and hides withdrawn lines', async () => {
    const { user, http } = await shopper();
    expect((await http.post('/api/cart/items', { product_id: 2_000_000_000 })).status).toBe(404);
    const withdrawn = await buildProduct(t.prisma, { active: false });
    const refused = await http.post('/api/cart/items', { product_id: withdrawn.id });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('not_found');

    const product = await buildProduct(t.prisma);
    await buildCartItem(t.prisma, { userId: user.id, productId: product.id, quantity: 2 });
    await t.prisma.product.update({ where: { id: product.id }, data: { active: false } });
    expect((await http.get('/api/cart')).body).toEqual({ items: [], total_cents: 0 });
  });

  it("keeps each user's cart to themselves", async () => {
    const alice = await shopper();
    const bob = await shopper();
    const product = await buildProduct(t.prisma);
    await alice.http.post('/api/cart/items', { product_id: product.id, quantity: 4 });
    expect((await bob.http.get('/api/cart')).body).toEqual({ items: [], total_cents: 0 });
    // Bob cannot change Alice's line: his own cart has no such line.
    expect((await bob.http.patch(`/api/cart/items/${product.id}`, { quantity: 1 })).status).toBe(404);
    await bob.http.delete(`/api/cart/items/${product.id}`);
    expect((await alice.http.get('/api/cart')).body.items[0].quantity).toBe(4);
    expect((await t.http.get('/api/cart')).status).toBe(401);
  });
});
