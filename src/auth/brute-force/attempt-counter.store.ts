import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RedisConnections } from '../../infra/redis/redis-connections.js';

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

/** Single-instance store. Expired windows are dropped lazily and by a periodic sweep. */
@Injectable()
export class InMemoryAttemptCounterStore extends AttemptCounterStore implements OnModuleDestroy {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  async hit(key: string, windowMs: number): Promise<AttemptCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  async peek(key: string): Promise<AttemptCount> {
    const window = this.windows.get(key);
    const now = Date.now();
    if (!window || window.resetAt <= now) return { count: 0, resetInMs: 0 };
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

// INCR and the first PEXPIRE in one step, so a crash between them cannot leave a counter that never expires.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

/** Shared by every instance; keys live under REDIS_KEY_PREFIX and expire with their window. */
@Injectable()
export class RedisAttemptCounterStore extends AttemptCounterStore {
  constructor(private readonly redis: RedisConnections) {
    super();
  }

  async hit(key: string, windowMs: number): Promise<AttemptCount> {
    const [count, ttl] = (await this.redis.client.eval(HIT_SCRIPT, 1, this.key(key), windowMs)) as [
      number,
      number,
    ];
    return { count, resetInMs: Math.max(ttl, 0) };
  }

  async peek(key: string): Promise<AttemptCount> {
    const results = await this.redis.client.multi().get(this.key(key)).pttl(this.key(key)).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[1]?.[1] ?? -2);
    return ttl > 0 ? { count, resetInMs: ttl } : { count: 0, resetInMs: 0 };
  }

  async clear(key: string): Promise<void> {
    await this.redis.client.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.redis.keyPrefix}auth:attempts:${key}`;
  }
}
