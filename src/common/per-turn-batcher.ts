/**
 * Lookups asked for during one turn of the event loop share one query: a burst of handshakes or messages costs
 * one round trip instead of one each. Every caller asked before the query was sent, so no answer is older than
 * its question (unlike a cache).
 */
export class PerTurnBatcher<K, V> {
  private waiting = new Map<K, { resolve(value: V | undefined): void; reject(error: unknown): void }[]>();

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      const callers = this.waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    try {
      const found = await this.loadMany([...batch.keys()]);
      for (const [key, callers] of batch) for (const caller of callers) caller.resolve(found.get(key));
    } catch (error) {
      for (const callers of batch.values()) for (const caller of callers) caller.reject(error);
    }
  }
}
