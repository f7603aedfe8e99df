import { randomUUID } from 'node:crypto';
import { type ChargeRequest, type ChargeResult, PaymentGateway } from './payment-gateway.js';

/** Totals ending in this many cents are declined, so a decline can be tried by hand without Stripe. */
export const TEST_DECLINED_CENTS = 13;
const REMEMBERED_KEYS = 10_000;

/**
 * The gateway used when no Stripe key is configured (development, demos, tests of other features).
 * Deterministic: every charge succeeds except totals ending in 13 cents (e.g. 10.13), which are declined
 * with `card_declined`. Replaying an idempotency key answers the first result again, as Stripe does.
 */
export class TestPaymentGateway extends PaymentGateway {
  readonly provider = 'test';
  private readonly results = new Map<string, ChargeResult>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const earlier = this.results.get(request.idempotencyKey);
    if (earlier) return earlier;
    const result: ChargeResult =
      request.amountCents % 100 === TEST_DECLINED_CENTS
        ? { status: 'declined', code: 'card_declined', message: 'Your card was declined.' }
        : { status: 'succeeded', paymentId: `test_${randomUUID()}` };
    this.results.set(request.idempotencyKey, result);
    // Bounded memory: the oldest keys are forgotten first (Map keeps insertion order).
    if (this.results.size > REMEMBERED_KEYS) this.results.delete(this.results.keys().next().value!);
    return result;
  }
}
