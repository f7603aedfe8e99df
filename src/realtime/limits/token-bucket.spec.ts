import { fullBucket, takeToken } from './token-bucket.js';

describe('token bucket', () => {
  it('lets a full burst through, then refuses with the wait until the next token', () => {
    const bucket = fullBucket(3, 0);
    expect([takeToken(bucket, 0, 2, 3), takeToken(bucket, 0, 2, 3), takeToken(bucket, 0, 2, 3)]).toEqual([
      0, 0, 0,
    ]);
    expect(takeToken(bucket, 0, 2, 3)).toBe(500);
  });

  it('refills at the rate, never above the capacity', () => {
    const bucket = fullBucket(2, 0);
    takeToken(bucket, 0, 1, 2);
    takeToken(bucket, 0, 1, 2);
    expect(takeToken(bucket, 999, 1, 2)).toBe(1);
    expect(takeToken(bucket, 1_000, 1, 2)).toBe(0);
    expect(takeToken(bucket, 60_000, 1, 2)).toBe(0);
    expect(takeToken(bucket, 60_000, 1, 2)).toBe(0);
    expect(takeToken(bucket, 60_000, 1, 2)).toBeGreaterThan(0);
  });

  it('does not refill when the clock goes backwards', () => {
    const bucket = fullBucket(1, 10_000);
    takeToken(bucket, 10_000, 1, 1);
    expect(takeToken(bucket, 5_000, 1, 1)).toBeGreaterThan(0);
  });
});
