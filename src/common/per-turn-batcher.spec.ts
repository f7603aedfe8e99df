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

  it('rejects every lookup of a failed load', async () => {
    const batcher = new PerTurnBatcher<number, number>(async () => {
      throw new Error('database away');
    });

    await expect(Promise.all([batcher.load(1), batcher.load(2)])).rejects.toThrow('database away');
  });
});
