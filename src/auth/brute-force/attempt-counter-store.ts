export interface AttemptCount {
  count: number;
  /** Milliseconds until the window (and the count) ends; 0 when there is no count. */
  resetInMs: number;
}

/** Fixed-window counters keyed by string: the store behind brute-force protection. */
export abstract class AttemptCounterStore {
  /** Adds one attempt; the window starts with the first attempt. */
  abstract hit(key: string, windowMs: number): Promise<AttemptCount>;
  abstract peek(key: string): Promise<AttemptCount>;
  abstract clear(key: string): Promise<void>;
}
