import { authHeadersFor } from '../support/auth.js';
import { buildProduct, buildUser } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Products', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists only products on sale, to anyone, one page at a time', async () => {
    const mug = await buildProduct(t.prisma, { name: 'Mug', priceCents: 1_250 });
    await buildProduct(t.prisma, { name: 'Withdrawn poster', active: false });
    const tee = await buildProduct(t.prisma, { name: 'Tee', priceCents: 2_000 });

    const first = await t.http.get('/api/products?page=1&page_size=1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      data: [
        { id: mug.id, name: 'Mug', description: '', price_cents: 1_250, created_at: expect.any(String) },
      ],
      metadata: { page_number: 1, page_size: 1, total_entries: 2, total_pages: 2 },
    });
    const second = await t.http.get('/api/products?page=2&page_size=1');
    expect(second.body.data.map((p: { id: number }) => p.id)).toEqual([tee.id]);
    expect(first.headers.etag).toBeTruthy();
  });

  it('lets an admin add a product priced in integer cents', async () => {
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const response = await t.http.post(
      '/api/products',
      { name: 'Candle', description: 'Smells of pine.', price_cents: 899 },
      { headers: await authHeadersFor(t, admin) },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'Candle', description: 'Smells of pine.', price_cents: 899 });
    const listed = await t.http.get('/api/products?page_size=100');
    expect(listed.body.data.map((p: { id: number }) => p.id)).toContain(response.body.id);
  });

  it('refuses products from anyone but an admin', async () => {
    const user = await buildUser(t.prisma);
    const body = { name: 'Sneaky', price_cents: 100 };
    expect((await t.http.post('/api/products', body)).status).toBe(401);
    const forbidden = await t.http.post('/api/products', body, { headers: await authHeadersFor(t, user) });
    expect(forbidden.status).toBe(403);
  });

  it('rejects prices that are not positive whole cents and names that are blank or too long', async () => {
    const admin = await buildUser(t.prisma, { role: 'admin' });
    const headers = await authHeadersFor(t, admin);
    for (const body of [
      { name: 'Free', price_cents: 0 },
      { name: 'Fraction', price_cents: 12.5 },
      { name: 'Text', price_cents: '100' },
      { name: '   ', price_cents: 100 },
      { name: 'x'.repeat(201), price_cents: 100 },
      { name: 'Extra', price_cents: 100, active: false },
    ]) {
      const response = await t.http.post('/api/products', body, { headers });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});
