import { authHeadersFor } from '../support/auth.js';
import { buildCartItem, buildProduct, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Without STRIPE_SECRET_KEY the deterministic test gateway pays: totals ending in 13 cents are declined.
describe('Orders paid through the test gateway', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { STRIPE_SECRET_KEY: '' } });
  });
  afterAll(() => t.close());

  async function checkout(priceCents: number) {
    const user = await buildUser(t.prisma);
    const product = await buildProduct(t.prisma, { priceCents });
    await buildCartItem(t.prisma, { userId: user.id, productId: product.id, quantity: 1 });
    const http = t.http.as(await authHeadersFor(t, user));
    // No body at all: the checkout needs none.
    return { http, response: await http.post('/api/orders') };
  }

  it('pays an ordinary total', async () => {
    const { http, response } = await checkout(1_000);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'paid', amount_cents: 1_000 });
    expect((await http.get('/api/cart')).body.items).toEqual([]);
  });

  it('declines a total ending in 13 cents and keeps the cart', async () => {
    const { http, response } = await checkout(1_013);
    expect(response.status).toBe(402);
    expect(response.body.error).toMatchObject({
      code: 'payment_failed',
      details: { reason: 'card_declined' },
    });
    expect((await http.get('/api/cart')).body.total_cents).toBe(1_013);
  });
});
