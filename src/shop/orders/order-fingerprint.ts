import { createHash } from 'node:crypto';

export interface FingerprintLine {
  productId: number;
  priceCents: number;
  quantity: number;
}

/**
 * What an Idempotency-Key promises to mean: the request body, the currency and the cart lines being paid for.
 * The same key with another fingerprint is a different request (422 idempotency_key_reused).
 */
export function orderFingerprint(input: {
  expectedTotalCents?: number;
  currency: string;
  lines: readonly FingerprintLine[];
}): string {
  const lines = [...input.lines]
    .sort((a, b) => a.productId - b.productId)
    .map((line) => [line.productId, line.priceCents, line.quantity]);
  const canonical = JSON.stringify({
    expected_total_cents: input.expectedTotalCents ?? null,
    currency: input.currency,
    lines,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
