import { TestPaymentGateway } from './test.payment-gateway.js';

const request = (amountCents: number, idempotencyKey = `key-${amountCents}`) => ({
  amountCents,
  currency: 'usd',
  idempotencyKey,
  description: 'order',
  customerRef: 'user:1',
});

describe('TestPaymentGateway', () => {
  it('approves every total except those ending in 13 cents', async () => {
    const gateway = new TestPaymentGateway();
    expect(await gateway.charge(request(1_000))).toEqual({
      status: 'succeeded',
      paymentId: expect.any(String),
    });
    expect(await gateway.charge(request(1_013))).toEqual({
      status: 'declined',
      code: 'card_declined',
      message: expect.any(String),
    });
    expect((await gateway.charge(request(1_130))).status).toBe('succeeded');
  });

  it('answers a repeated idempotency key with the first result', async () => {
    const gateway = new TestPaymentGateway();
    const first = await gateway.charge(request(500, 'same'));
    expect(await gateway.charge(request(500, 'same'))).toEqual(first);
    expect(await gateway.charge(request(500, 'other'))).not.toEqual(first);
  });
});
