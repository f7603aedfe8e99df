/** A token bucket's state: kept per socket, so it must stay small (two numbers). */
export interface TokenBucket {
  tokens: number;
  refilledAt: number;
}

export function fullBucket(capacity: number, now: number): TokenBucket {
  return { tokens: capacity, refilledAt: now };
}

/**
 * Refills `bucket` for the time elapsed (at `perSecond`, up to `capacity`) and takes one token. Returns 0 when a
 * token was taken, otherwise the milliseconds until one will be there.
 */
export function takeToken(bucket: TokenBucket, now: number, perSecond: number, capacity: number): number {
  const elapsed = Math.max(0, now - bucket.refilledAt);
  bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * perSecond) / 1000);
  bucket.refilledAt = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  // The epsilon absorbs floating-point noise (0.999 tokens is 1 ms short, not 2).
  return Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / perSecond - 1e-9));
}
