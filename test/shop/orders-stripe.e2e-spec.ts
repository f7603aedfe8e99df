import { createHash } from 'node:crypto';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import { buildCartItem, buildProduct, buildUser } from '../support/factories.js';
import type { HttpClient, HttpResponse } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeStripeServer } from './support/fake-stripe-server.js';

// Checkout through the real StripePaymentGateway and the official SDK, against a local Stripe fake.
describe('Orders paid through Stripe', () => {
  let stripe: FakeStripeServer;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await FakeStripeServer.start();
    t = await startTestApp({ env: stripe.env() });
  });
  afterEach(() => stripe.recover());
  afterAll(async () => {
    await t.close();
    await stripe.close();
  });

  async function shopperWithCart(lines: { priceCents: number; quantity: number }[]): Promise<{
    user: User;
    http: HttpClient;
    totalCents: number;
  }> {
    const user = await buildUser(t.prisma);
    for (const line of lines) {
      const product = await buildProduct(t.prisma, { priceCents: line.priceCents });
      await buildCartItem(t.prisma, { userId: user.id, productId: product.id, quantity: line.quantity });
    }
    const totalCents = lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
    return { user, http: t.http.as(await authHeadersFor(t, user)), totalCents };
  }

  it('charges the cart total once, answers the paid order and empties the cart', async () => {
    const { user, http, totalCents } = await shopperWithCart([
      { priceCents: 1_999, quantity: 2 },
      { priceCents: 350, quantity: 1 },
    ]);
    const response = await http.post('/api/orders', {});
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.any(Number), status: 'paid', amount_cents: 4_348 });
    expect(response.body.items).toHaveLength(2);
    expect(totalCents).toBe(4_348);

    const charges = stripe.charges.filter((charge) => charge.metadata.customer_ref === `user:${user.id}`);
    expect(charges).toEqual([
      expect.objectContaining({ amount: 4_348, currency: 'usd', status: 'succeeded' }),
    ]);
    const payments = await t.prisma.payment.findMany({ where: { orderId: response.body.id } });
    expect(payments).toEqual([
      expect.objectContaining({ provider: 'stripe', providerPaymentId: charges[0]!.id, status: 'succeeded' }),
    ]);
    expect((await http.get('/api/cart')).body).toEqual({ items: [], total_cents: 0 });
  });

  it('answers 402 payment_failed on a declined card, pays nothing and keeps the cart', async () => {
    const declining = await startTestApp({
      database: t.database,
      env: {
        ...stripe.env({ STRIPE_PAYMENT_METHOD: 'pm_card_chargeDeclined' }),
        REDIS_KEY_PREFIX: `${t.config.redis.keyPrefix}declining:`,
      },
    });
    try {
      const user = await buildUser(t.prisma);
      const product = await buildProduct(t.prisma, { priceCents: 2_500 });
      await buildCartItem(t.prisma, { userId: user.id, productId: product.id, quantity: 2 });
      const http = declining.http.as(await authHeadersFor(declining, user));
      const cartBefore = (await http.get('/api/cart')).body;

      const response = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'declined-1' } });
      expect(response.status).toBe(402);
      expect(response.body.error).toMatchObject({
        code: 'payment_failed',
        details: { reason: 'generic_decline', order_id: expect.any(Number) },
      });
      expect((await http.get('/api/cart')).body).toEqual(cartBefore);
      expect(await t.prisma.order.count({ where: { userId: user.id, status: 'paid' } })).toBe(0);
      expect(
        await t.prisma.payment.count({ where: { order: { userId: user.id }, status: 'succeeded' } }),
      ).toBe(0);

      // The same key answers the same decline without a second attempt at Stripe.
      const attempts = stripe.requests;
      const repeated = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'declined-1' } });
      expect(repeated.status).toBe(402);
      expect(stripe.requests).toBe(attempts);

      // With the cart changed, the key would stand for another checkout.
      await http.patch(`/api/cart/items/${product.id}`, { quantity: 1 });
      const reused = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'declined-1' } });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
      expect(stripe.requests).toBe(attempts);
    } finally {
      await declining.close();
    }
  });

  it('charges exactly once when 20 requests race with one Idempotency-Key', async () => {
    const { user, http, totalCents } = await shopperWithCart([{ priceCents: 1_000, quantity: 3 }]);
    const key = `race-${user.id}`;
    const requestsBefore = stripe.requests;
    const gate = stripe.hold();

    const answered: HttpResponse[] = [];
    let allLosersAnswered!: () => void;
    const losersAnswered = new Promise<void>((resolve) => (allLosersAnswered = resolve));
    const racing = Array.from({ length: 20 }, () =>
      http.post('/api/orders', {}, { headers: { 'idempotency-key': key } }).then((response) => {
        answered.push(response);
        if (answered.length === 19) allLosersAnswered();
        return response;
      }),
    );
    // One request is charging (held at Stripe); every other one answers without reaching Stripe.
    await stripe.waitForRequests(requestsBefore + 1);
    await losersAnswered;
    expect(answered.map((r) => [r.status, r.body.error?.code])).toEqual(
      Array(19).fill([409, 'idempotency_in_progress']),
    );
    gate.release();
    const responses = await Promise.all(racing);

    const winners = responses.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.body).toMatchObject({ status: 'paid', amount_cents: totalCents });
    expect(stripe.requests).toBe(requestsBefore + 1);
    expect(stripe.charges.filter((c) => c.metadata.customer_ref === `user:${user.id}`)).toHaveLength(1);
    expect(await t.prisma.order.count({ where: { userId: user.id, status: 'paid' } })).toBe(1);

    // Once finished, a retry with the key answers the same order and still charges nothing.
    const retry = await http.post('/api/orders', {}, { headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(winners[0]!.body.id);
    expect(stripe.requests).toBe(requestsBefore + 1);
  });

  it('charges exactly once when 20 requests race with one key and nothing holds the charge', async () => {
    const { user, http } = await shopperWithCart([{ priceCents: 499, quantity: 2 }]);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        http.post('/api/orders', {}, { headers: { 'idempotency-key': 'free-race' } }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of responses.filter((r) => r.status !== 201)) {
      expect([r.status, r.body.error.code]).toEqual([409, 'idempotency_in_progress']);
    }
    expect(stripe.charges.filter((c) => c.metadata.customer_ref === `user:${user.id}`)).toHaveLength(1);
    expect(await t.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it('answers 422 idempotency_key_reused for the same key with another body, and replays the same body', async () => {
    const { user, http } = await shopperWithCart([{ priceCents: 800, quantity: 1 }]);
    const first = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'reuse-me' } });
    expect(first.status).toBe(201);

    const otherBody = await http.post(
      '/api/orders',
      { expected_total_cents: 800 },
      { headers: { 'idempotency-key': 'reuse-me' } },
    );
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('idempotency_key_reused');

    // The paid order consumed the cart; the same request again is recognised and answered, not charged.
    const sameBody = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'reuse-me' } });
    expect(sameBody.status).toBe(201);
    expect(sameBody.body).toEqual(first.body);
    expect(stripe.charges.filter((c) => c.metadata.customer_ref === `user:${user.id}`)).toHaveLength(1);
  });

  it('answers 503 payment_unavailable when Stripe is unreachable, keeps the cart, and the key can be retried', async () => {
    const { user, http, totalCents } = await shopperWithCart([{ priceCents: 1_234, quantity: 1 }]);
    stripe.failUntilRecovered('drop_connection');
    const down = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'outage' } });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('payment_unavailable');
    expect((await http.get('/api/cart')).body.total_cents).toBe(totalCents);
    expect(await t.prisma.order.count({ where: { userId: user.id, status: 'paid' } })).toBe(0);

    stripe.recover();
    const retried = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'outage' } });
    expect(retried.status).toBe(201);
    expect(stripe.charges.filter((c) => c.metadata.customer_ref === `user:${user.id}`)).toHaveLength(1);
  });

  it('answers 422 cart_empty for an empty cart and 409 cart_changed when the total moved', async () => {
    const empty = await shopperWithCart([]);
    const response = await empty.http.post('/api/orders', {});
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('cart_empty');

    const { http } = await shopperWithCart([{ priceCents: 500, quantity: 1 }]);
    const stale = await http.post('/api/orders', { expected_total_cents: 400 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'cart_changed', details: { total_cents: 500 } });
    expect((await http.post('/api/orders', { expected_total_cents: 500 })).status).toBe(201);
  });

  it('shows orders to their owner only', async () => {
    const alice = await shopperWithCart([{ priceCents: 700, quantity: 1 }]);
    const bob = await shopperWithCart([]);
    const order = (await alice.http.post('/api/orders', {})).body;

    const list = await alice.http.get('/api/orders');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: order.id, status: 'paid', amount_cents: 700 }),
    ]);
    expect(list.headers['cache-control']).toContain('private');
    expect((await alice.http.get(`/api/orders/${order.id}`)).body).toEqual(order);

    expect((await bob.http.get(`/api/orders/${order.id}`)).status).toBe(404);
    expect((await bob.http.get('/api/orders')).body.data).toEqual([]);
    expect((await t.http.get(`/api/orders/${order.id}`)).status).toBe(401);
  });

  it('passes Stripe an idempotency key derived from the client’s key, or from the order without one', async () => {
    const { user, http } = await shopperWithCart([{ priceCents: 700, quantity: 1 }]);
    const keyed = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'reaches-stripe' } });
    expect(keyed.status).toBe(201);
    const digest = createHash('sha256').update('reaches-stripe').digest('hex').slice(0, 40);
    expect(stripe.chargesWithKey(`hearth-order-u${user.id}-${digest}`)).toHaveLength(1);

    await buildCartItem(t.prisma, { userId: user.id });
    const unkeyed = await http.post('/api/orders', {});
    expect(unkeyed.status).toBe(201);
    expect(stripe.chargesWithKey(`hearth-order-${unkeyed.body.id}`)).toHaveLength(1);
  });

  it('answers 503 payment_unavailable when Stripe answers 5xx, and keeps the cart', async () => {
    const { user, http, totalCents } = await shopperWithCart([{ priceCents: 2_222, quantity: 1 }]);
    stripe.failUntilRecovered('server_error');
    const failed = await http.post('/api/orders', {});
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('payment_unavailable');
    expect((await http.get('/api/cart')).body.total_cents).toBe(totalCents);
    expect(await t.prisma.order.count({ where: { userId: user.id, status: 'paid' } })).toBe(0);
  });

  it('charges once when checkouts without a key race: one order, the others refused', async () => {
    // Once failed under load: a claim read the cart before the first payment settled and checked for a pending
    // order after it, and paid the same lines again.
    const { user, http, totalCents } = await shopperWithCart([{ priceCents: 500, quantity: 2 }]);
    const responses = await Promise.all(Array.from({ length: 8 }, () => http.post('/api/orders', {})));
    const paid = responses.filter((response) => response.status === 201);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.body).toMatchObject({ status: 'paid', amount_cents: totalCents });
    // The others were refused while it was being paid (409) or after it emptied the cart (422).
    for (const refused of responses.filter((response) => response.status !== 201)) {
      expect([
        [409, 'checkout_in_progress'],
        [422, 'cart_empty'],
      ]).toContainEqual([refused.status, refused.body.error.code]);
    }
    expect(stripe.charges.filter((c) => c.metadata.customer_ref === `user:${user.id}`)).toHaveLength(1);
    expect(await t.prisma.order.count({ where: { userId: user.id, status: 'paid' } })).toBe(1);
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const { http } = await shopperWithCart([{ priceCents: 100, quantity: 1 }]);
    const response = await http.post('/api/orders', {}, { headers: { 'idempotency-key': 'x'.repeat(256) } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_idempotency_key');
  });
});
