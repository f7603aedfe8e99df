import { PerTurnBatcher } from './per-turn-batcher.js';

describe('per-turn batcher', () => {
  it('answers every lookup of one turn from one load, keys deduplicated', async () => {
    const loads: number[][] = [];
    const batcher = new PerTurnBatcher<number, string>(async (keys) => {
      loads.push(keys);
      return new Map(keys.filter((key) => key !== 3).map((key) => [key, `user ${key}`]));
    });

    const answers = await Promise.all([batcher.load(1), batcher.load(2), batcher.load(1), batcher.load(3)]);

    expect(answers).toEqual(['user 1', 'user 2', 'user 1', undefined]);
    expect(loads).toEqual([[1, 2, 3]]);
  });

  it('loads again for lookups asked after a load was sent, never answering them from it', async () => {
    let version = 0;
    const batcher = new PerTurnBatcher<number, number>(async (keys) => {
      version += 1;
      return new Map(keys.map((key) => [key, version]));
    });

    expect(await batcher.load(1)).toBe(1);
    expect(await batcher.load(1)).toBe(2);
  });

  it('holds lookups asked while a load is out for one next load, sent once the first is back', async () => {
    const loads: number[][] = [];
    let finishFirst: () => void = () => undefined;
    const firstBack = new Promise<void>((resolve) => (finishFirst = resolve));
    const batcher = new PerTurnBatcher<number, string>(async (keys) => {
      loads.push(keys);
      if (loads.length === 1) await firstBack;
      return new Map(keys.map((key) => [key, `load ${loads.length} of ${key}`]));
    });

    const first = batcher.load(1);
    await new Promise(setImmediate);
    const second = batcher.load(2);
    await new Promise(setImmediate);
    const third = batcher.load(3);
    await new Promise(setImmediate);
    expect(loads).toEqual([[1]]);
    finishFirst();

    expect(await Promise.all([first, second, third])).toEqual(['load 1 of 1', 'load 2 of 2', 'load 2 of 3']);
    expect(loads).toEqual([[1], [2, 3]]);
  });

  it('rejects every lookup of a failed load', async () => {
    const batcher = new PerTurnBatcher<number, number>(async () => {
      throw new Error('database away');
    });

    await expect(Promise.all([batcher.load(1), batcher.load(2)])).rejects.toThrow('database away');
  });

  it('loads again after a failed load for lookups that waited on it', async () => {
    let calls = 0;
    let failFirst: () => void = () => undefined;
    const firstFails = new Promise<void>((resolve) => (failFirst = resolve));
    const batcher = new PerTurnBatcher<number, number>(async (keys) => {
      calls += 1;
      if (calls === 1) {
        await firstFails;
        throw new Error('database away');
      }
      return new Map(keys.map((key) => [key, key * 10]));
    });

    const failed = batcher.load(1);
    await new Promise(setImmediate);
    const waited = batcher.load(2);
    failFirst();

    await expect(failed).rejects.toThrow('database away');
    expect(await waited).toBe(20);
  });
});
