export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** When the current window ends (ms since epoch). */
  resetAt: number;
}

/** Fixed-window counters. `hit` rejects when the counters are unreachable (the guard then lets requests pass). */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
}
