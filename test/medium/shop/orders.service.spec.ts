import { jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { buildCartItem, buildProduct, buildUser } from '../../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { DomainError } from '../../../src/common/errors/domain-error.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { ConfigModule } from '../../../src/config/config.module.js';
import { DatabaseModule } from '../../../src/infra/database/database.module.js';
import { MetricsModule } from '../../../src/infra/metrics/metrics.module.js';
import { PrismaService } from '../../../src/infra/database/prisma.service.js';
import {
  type ChargeRequest,
  type ChargeResult,
  PaymentGateway,
  PaymentUnavailableError,
} from '../../../src/shop/payments/payment-gateway.js';
import { ShopModule } from '../../../src/shop/shop.module.js';
import { OrdersService } from '../../../src/shop/orders/orders.service.js';

// OrdersService over a real database, with the payment provider replaced through Nest's provider override.
describe('OrdersService', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let orders: OrdersService;
  let prisma: PrismaService;
  const charge = jest.fn<(request: ChargeRequest) => Promise<ChargeResult>>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      STRIPE_SECRET_KEY: '',
      SHOP_CURRENCY: 'eur',
    });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule, MetricsModule, ShopModule],
    })
      .overrideProvider(PaymentGateway)
      .useValue({ provider: 'mock', charge })
      .compile();
    orders = moduleRef.get(OrdersService);
    prisma = moduleRef.get(PrismaService);
  });
  afterEach(() => charge.mockReset());
  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  async function cartOf(lines: { priceCents: number; quantity: number }[]): Promise<number> {
    const user = await buildUser(prisma);
    for (const line of lines) {
      const product = await buildProduct(prisma, { priceCents: line.priceCents });
      await buildCartItem(prisma, { userId: user.id, productId: product.id, quantity: line.quantity });
    }
    return user.id;
  }

  async function failureOf(work: Promise<unknown>): Promise<DomainError> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return error;
  }

  it('asks the gateway for the cart total in the shop currency, once per order, for that customer', async () => {
    const userId = await cartOf([
      { priceCents: 250, quantity: 4 },
      { priceCents: 99, quantity: 1 },
    ]);
    charge.mockResolvedValue({ status: 'succeeded', paymentId: 'pay_1' });
    const order = await orders.checkout({ userId, idempotencyKey: 'k-1' });

    expect(order.status).toBe('paid');
    expect(charge).toHaveBeenCalledTimes(1);
    expect(charge.mock.calls[0]![0]).toEqual({
      amountCents: 1_099,
      currency: 'eur',
      idempotencyKey: expect.stringMatching(/^hearth-order-/),
      description: `Hearth order ${order.id}`,
      customerRef: `user:${userId}`,
    });
    expect(await prisma.cartItem.count({ where: { userId } })).toBe(0);
    expect(await prisma.payment.findMany({ where: { orderId: order.id } })).toEqual([
      expect.objectContaining({ provider: 'mock', providerPaymentId: 'pay_1', amountCents: 1_099 }),
    ]);
  });

  it('records a decline as a failed order with a failed payment and leaves the cart alone', async () => {
    const userId = await cartOf([{ priceCents: 500, quantity: 2 }]);
    charge.mockResolvedValue({ status: 'declined', code: 'insufficient_funds', message: 'No money.' });

    const error = await failureOf(orders.checkout({ userId }));
    expect([error.status, error.code]).toEqual([402, 'payment_failed']);
    expect(error.details).toMatchObject({ reason: 'insufficient_funds' });
    expect(await prisma.order.findMany({ where: { userId } })).toEqual([
      expect.objectContaining({ status: 'failed', amountCents: 1_000 }),
    ]);
    expect(await prisma.payment.count({ where: { order: { userId }, status: 'failed' } })).toBe(1);
    expect(await prisma.cartItem.findMany({ where: { userId } })).toEqual([
      expect.objectContaining({ quantity: 2 }),
    ]);
  });

  it('releases the key when the provider is unreachable and retries under the same provider key', async () => {
    const userId = await cartOf([{ priceCents: 700, quantity: 1 }]);
    charge.mockRejectedValueOnce(new PaymentUnavailableError('connection reset'));
    const error = await failureOf(orders.checkout({ userId, idempotencyKey: 'flaky' }));
    expect([error.status, error.code]).toEqual([503, 'payment_unavailable']);
    expect(await prisma.order.count({ where: { userId } })).toBe(0);
    expect(await prisma.cartItem.count({ where: { userId } })).toBe(1);

    charge.mockResolvedValueOnce({ status: 'succeeded', paymentId: 'pay_2' });
    const order = await orders.checkout({ userId, idempotencyKey: 'flaky' });
    expect(order.status).toBe('paid');
    const [first, second] = charge.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).toBe(first);
  });

  it('keeps only the paid quantities out of the cart when the cart grew during the charge', async () => {
    const userId = await cartOf([{ priceCents: 100, quantity: 2 }]);
    const { productId } = await prisma.cartItem.findFirstOrThrow({ where: { userId } });
    const extra = await buildProduct(prisma, { priceCents: 40 });
    charge.mockImplementationOnce(async () => {
      // The customer adds more while the provider is still answering.
      await prisma.cartItem.update({
        where: { userId_productId: { userId, productId } },
        data: { quantity: 5 },
      });
      await buildCartItem(prisma, { userId, productId: extra.id, quantity: 1 });
      return { status: 'succeeded', paymentId: 'pay_3' };
    });
    const order = await orders.checkout({ userId });
    expect(order.amountCents).toBe(200);
    const left = await prisma.cartItem.findMany({ where: { userId }, orderBy: { productId: 'asc' } });
    expect(left.map(({ productId: id, quantity }) => [id, quantity])).toEqual([
      [productId, 3],
      [extra.id, 1],
    ]);
  });

  it('refuses a second checkout while the first is being charged', async () => {
    const userId = await cartOf([{ priceCents: 100, quantity: 1 }]);
    let release!: (result: ChargeResult) => void;
    charge.mockImplementationOnce(() => new Promise<ChargeResult>((resolve) => (release = resolve)));
    const first = orders.checkout({ userId });
    await waitFor(() => charge.mock.calls.length === 1);

    const second = await failureOf(orders.checkout({ userId }));
    expect([second.status, second.code]).toEqual([409, 'checkout_in_progress']);
    release({ status: 'succeeded', paymentId: 'pay_4' });
    expect((await first).status).toBe('paid');
    expect(charge).toHaveBeenCalledTimes(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
