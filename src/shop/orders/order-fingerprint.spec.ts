import { orderFingerprint } from './order-fingerprint.js';

const line = (productId: number, quantity: number, priceCents = 100) => ({ productId, quantity, priceCents });

describe('orderFingerprint', () => {
  it('does not depend on the order of the cart lines', () => {
    const a = orderFingerprint({ currency: 'usd', lines: [line(1, 2), line(2, 1)] });
    const b = orderFingerprint({ currency: 'usd', lines: [line(2, 1), line(1, 2)] });
    expect(a).toBe(b);
  });

  it('changes with a quantity, a price, the currency or the body', () => {
    const base = orderFingerprint({ currency: 'usd', lines: [line(1, 2)] });
    expect(orderFingerprint({ currency: 'usd', lines: [line(1, 3)] })).not.toBe(base);
    expect(orderFingerprint({ currency: 'usd', lines: [line(1, 2, 101)] })).not.toBe(base);
    expect(orderFingerprint({ currency: 'eur', lines: [line(1, 2)] })).not.toBe(base);
    expect(orderFingerprint({ currency: 'usd', lines: [line(1, 2)], expectedTotalCents: 200 })).not.toBe(
      base,
    );
  });
});
