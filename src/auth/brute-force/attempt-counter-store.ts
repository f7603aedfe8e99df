/** One counter an attempt must fit under: `key` may hold at most `limit` attempts per window. */
export interface CounterLimit {
  key: string;
  limit: number;
  /**
   * The counter belongs to the client making the attempt (its address or device): refused attempts count on
   * it too. Counters shared with other clients (an account's ceiling) count only attempts that went through,
   * so nobody can use them up by sending attempts that are refused anyway.
   */
  ownedByClient?: boolean;
}

export type ClaimResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Fixed-window counters keyed by string: the store behind brute-force protection. `claim` is atomic: it counts
 * an attempt on every counter at once, or, when any of them is full, only on the client's own counters, so
 * concurrent attempts can never get more than `limit` through.
 */
export abstract class AttemptCounterStore {
  abstract claim(counters: readonly CounterLimit[], windowMs: number): Promise<ClaimResult>;
  /** Gives back one claimed attempt (it turned out not to be a failure). */
  abstract release(key: string): Promise<void>;
  abstract clear(key: string): Promise<void>;
}
