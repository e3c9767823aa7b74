import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../../store/group-commit.ts';

describe('GroupCommitter', () => {
  it('gathers calls made while a batch runs into the next batch, at most maxBatch at a time, in order', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommitter<number, number>({
      name: 't',
      maxBatch: 4,
      runBatch: async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        return items.map((i) => i * 10);
      },
    });
    const first = Promise.all([1, 2, 3, 4, 5, 6].map((i) => gc.submit(i)));
    await new Promise((r) => setTimeout(r, 1)); // first batch is running now
    const second = Promise.all([7, 8].map((i) => gc.submit(i)));
    expect(await first).toEqual([10, 20, 30, 40, 50, 60]);
    expect(await second).toEqual([70, 80]);
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
  });

  it('caps a batch by weight but always takes at least one item', async () => {
    const batches: string[][] = [];
    const gc = new GroupCommitter<string, string>({
      name: 't', maxBatch: 100, maxBatchWeight: 10, weightOf: (s) => s.length,
      runBatch: async (items) => (batches.push(items), items),
    });
    await Promise.all(['aaaa', 'bbbb', 'cccc', 'dddddddddddddddd', 'e'].map((s) => gc.submit(s)));
    expect(batches).toEqual([['aaaa', 'bbbb'], ['cccc'], ['dddddddddddddddd'], ['e']]);
  });

  it('retries a failed batch one by one so only the bad item fails', async () => {
    const calls: number[][] = [];
    const gc = new GroupCommitter<number, number>({
      name: 't',
      maxBatch: 10,
      runBatch: async (items) => {
        calls.push(items);
        if (items.includes(3)) throw new Error('bad item');
        return items;
      },
    });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((i) => gc.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('close() waits for submitted items and refuses new ones', async () => {
    const done: number[] = [];
    const gc = new GroupCommitter<number, void>({
      name: 't', maxBatch: 2,
      runBatch: async (items) => {
        await new Promise((r) => setTimeout(r, 2));
        done.push(...items);
        return items.map(() => undefined);
      },
    });
    const pending = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    await gc.close();
    expect(done).toEqual([1, 2, 3, 4, 5]);
    await Promise.all(pending);
    await expect(gc.submit(6)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
