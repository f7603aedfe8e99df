import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AttemptCounterStore, type ClaimResult, type CounterLimit } from './attempt-counter-store.js';

/** Single-instance store. Expired windows are dropped lazily and by a periodic sweep. */
@Injectable()
export class InMemoryAttemptCounterStore extends AttemptCounterStore implements OnModuleDestroy {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  // Synchronous from the first read to the last write: nothing else runs in between.
  async claim(counters: readonly CounterLimit[], windowMs: number): Promise<ClaimResult> {
    const now = Date.now();
    const full = counters.map(({ key, limit }) => ({ window: this.live(key, now), limit }));
    const waits = full.filter(({ window, limit }) => window && window.count >= limit);
    const allowed = waits.length === 0;
    for (const { key, ownedByClient } of counters) {
      if (allowed || ownedByClient) this.count(key, now, windowMs);
    }
    if (allowed) return { allowed };
    return { allowed, retryAfterMs: Math.max(...waits.map(({ window }) => window!.resetAt - now)) };
  }

  async release(key: string): Promise<void> {
    const window = this.live(key, Date.now());
    if (window && window.count > 0) window.count -= 1;
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private count(key: string, now: number, windowMs: number): void {
    const window = this.live(key, now) ?? { count: 0, resetAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
  }

  private live(key: string, now: number) {
    const window = this.windows.get(key);
    return window && window.resetAt > now ? window : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
