import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PresenceEntry } from '../../../src/realtime/presence/presence-store.js';
import { RedisPresenceStore } from '../../../src/realtime/presence/redis.presence-store.js';

const withRedis = process.env.REDIS_URL ? describe : describe.skip;

/** Resolves once `count` more heartbeats of `store` have finished (its timer calls `this.heartbeat()`). */
function heartbeats(store: RedisPresenceStore, count: number): Promise<void> {
  const target = store as unknown as { heartbeat(): Promise<void> };
  const heartbeat = RedisPresenceStore.prototype[
    'heartbeat' as keyof RedisPresenceStore
  ] as () => Promise<void>;
  let left = count;
  return new Promise((resolve) => {
    target.heartbeat = async function (this: RedisPresenceStore) {
      await heartbeat.call(this);
      if (--left > 0) return;
      target.heartbeat = heartbeat;
      resolve();
    };
  });
}
const entry = (userId: number, ref: string): PresenceEntry => ({
  userId,
  meta: { phx_ref: ref, online_at: 1 },
});

// Against a real Redis, with a key prefix of its own.
withRedis('RedisPresenceStore', () => {
  const timing = { heartbeatMs: 100, ttlMs: 300 };
  let redis: Redis;
  let prefix: string;
  const stores: RedisPresenceStore[] = [];
  const store = () => {
    const created = new RedisPresenceStore(redis, prefix, timing);
    stores.push(created);
    return created;
  };

  beforeEach(() => {
    redis = new Redis(process.env.REDIS_URL!);
    prefix = `hearth_test:presence:${randomUUID()}:`;
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((created) => created.stop()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('lists entries from every instance and forgets untracked ones', async () => {
    const [a, b] = [store(), store()];
    await a.track('room:x', 'c1', entry(1, 'c1'));
    await b.track('room:x', 'c2', entry(2, 'c2'));
    expect((await a.list('room:x')).map((e) => e.userId).sort()).toEqual([1, 2]);

    expect(await b.untrack('room:x', 'c2')).toEqual(entry(2, 'c2'));
    expect(await b.untrack('room:x', 'c2')).toBeNull();
    expect(await a.list('room:x')).toEqual([entry(1, 'c1')]);
  });

  it('removes the entries of an instance that stopped heartbeating and reports them once', async () => {
    const [survivor, silent] = [store(), store()];
    const expired: [string, PresenceEntry[]][] = [];
    const reported = new Promise<void>((resolve) =>
      survivor.onExpired((topic, entries) => {
        expired.push([topic, entries]);
        resolve();
      }),
    );
    await survivor.start();
    await silent.start();
    await silent.track('room:y', 'c9', entry(9, 'c9'));
    // The silent instance dies without cleaning up: its timer stops, its entries stay behind.
    clearInterval((silent as unknown as { timer: NodeJS.Timeout }).timer);

    await reported;
    // Two more sweeps by the survivor are the sentinel: a second report would come from one of them.
    await heartbeats(survivor, 2);

    expect(await survivor.list('room:y')).toEqual([]);
    expect(expired).toEqual([['room:y', [entry(9, 'c9')]]]);
  });

  it('restores its own entries when others presumed it dead during a pause', async () => {
    const paused = store();
    await paused.start();
    await paused.track('room:z', 'c5', entry(5, 'c5'));
    // What a sweep by another instance does to a paused one.
    await redis.zrem(`${prefix}presence:instances`, (paused as unknown as { instanceId: string }).instanceId);
    await redis.del(`${prefix}presence:topic:room:z`);

    // The first heartbeat may have started before the sweep; the second surely sees it.
    await heartbeats(paused, 2);

    expect(await paused.list('room:z')).toEqual([entry(5, 'c5')]);
  });
});
