import { Injectable } from '@nestjs/common';
import { RedisConnections } from '../../infra/redis/redis-connections.js';
import { type AttemptCount, AttemptCounterStore } from './attempt-counter-store.js';

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
