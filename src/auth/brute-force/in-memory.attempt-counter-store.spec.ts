import { InMemoryAttemptCounterStore } from './in-memory.attempt-counter-store.js';

describe('InMemoryAttemptCounterStore', () => {
  const store = new InMemoryAttemptCounterStore();
  afterAll(() => store.onModuleDestroy());

  it('counts attempts within a window and reports when it ends', async () => {
    expect(await store.peek('k')).toEqual({ count: 0, resetInMs: 0 });
    await store.hit('k', 60_000);
    const second = await store.hit('k', 60_000);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(59_000);
    expect((await store.peek('k')).count).toBe(2);
  });

  it('starts over once the window has passed, and on clear', async () => {
    // A zero-length window has already ended when the next attempt comes.
    await store.hit('short', 0);
    expect((await store.hit('short', 60_000)).count).toBe(1);
    await store.clear('short');
    expect((await store.peek('short')).count).toBe(0);
  });
});
