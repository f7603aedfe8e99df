import { InMemoryAttemptCounterStore } from './in-memory.attempt-counter-store.js';

describe('InMemoryAttemptCounterStore', () => {
  const store = new InMemoryAttemptCounterStore();
  afterAll(() => store.onModuleDestroy());

  it('claims up to the limit within a window and reports when the window ends', async () => {
    const counter = [{ key: 'k', limit: 2 }];
    expect(await store.claim(counter, 60_000)).toEqual({ allowed: true });
    expect(await store.claim(counter, 60_000)).toEqual({ allowed: true });
    const refused = await store.claim(counter, 60_000);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterMs).toBeGreaterThan(59_000);
  });

  it("counts on every counter at once; a refused claim counts only on the client's own counters", async () => {
    const full = { key: 'full', limit: 1 };
    const shared = { key: 'shared', limit: 2 };
    const own = { key: 'own', limit: 2, ownedByClient: true };
    await store.claim([full], 60_000);
    expect((await store.claim([shared, own, full], 60_000)).allowed).toBe(false);
    expect((await store.claim([shared], 60_000)).allowed).toBe(true);
    expect((await store.claim([shared], 60_000)).allowed).toBe(true);
    expect((await store.claim([shared], 60_000)).allowed).toBe(false);
    expect((await store.claim([own], 60_000)).allowed).toBe(true);
    expect((await store.claim([own], 60_000)).allowed).toBe(false);
  });

  it('gives a slot back on release, and starts over once the window has passed, and on clear', async () => {
    const counter = [{ key: 'released', limit: 1 }];
    await store.claim(counter, 60_000);
    await store.release('released');
    expect((await store.claim(counter, 60_000)).allowed).toBe(true);

    // A zero-length window has already ended when the next attempt comes.
    await store.claim([{ key: 'short', limit: 1 }], 0);
    expect((await store.claim([{ key: 'short', limit: 1 }], 60_000)).allowed).toBe(true);
    await store.clear('short');
    expect((await store.claim([{ key: 'short', limit: 1 }], 60_000)).allowed).toBe(true);
  });
});
