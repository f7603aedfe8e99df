import type { Counter } from 'prom-client';

const CODE_LIKE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A counter labelled by a value that code chooses (an error code), never a client: still, at most `limit` distinct
 * values are kept and anything else counts as `other`, so a new code path cannot grow the series without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly counter: Counter<'reason'>,
    private readonly limit = 32,
  ) {}

  inc(value: string): void {
    this.counter.inc({ reason: this.admit(value) ? value : 'other' });
  }

  private admit(value: string): boolean {
    if (this.seen.has(value)) return true;
    if (this.seen.size >= this.limit || !CODE_LIKE.test(value)) return false;
    this.seen.add(value);
    return true;
  }
}
