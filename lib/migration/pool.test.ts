import { describe, expect, it } from 'vitest';
import { forEachLimited } from './pool';

async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Runs the pool over `sizes`, each item taking a few milliseconds; returns the peaks it reached. */
async function peaks(sizes: readonly number[], limit: number, total?: number) {
  let count = 0;
  let bytes = 0;
  const peak = { count: 0, bytes: 0, order: [] as number[] };
  await forEachLimited(
    listed(sizes.map((size, index) => ({ size, index }))),
    limit,
    async ({ size, index }) => {
      count += 1;
      bytes += size;
      peak.count = Math.max(peak.count, count);
      peak.bytes = Math.max(peak.bytes, bytes);
      peak.order.push(index);
      await new Promise((resolve) => setTimeout(resolve, 2 + (index % 3)));
      count -= 1;
      bytes -= size;
    },
    undefined,
    total === undefined ? undefined : { total, shareOf: (item) => item.size },
  );
  return peak;
}

describe('forEachLimited', () => {
  it('keeps at most `limit` items in flight, in listing order', async () => {
    const peak = await peaks(Array.from({ length: 40 }, () => 1), 5);
    expect(peak.count).toBe(5);
    expect(peak.order).toEqual([...Array(40).keys()]);
  });

  it('keeps the shares in flight within the budget, small items filling the slots beside large ones', async () => {
    const sizes = Array.from({ length: 60 }, (_, index) => (index % 4 === 0 ? 40 : 1));
    const peak = await peaks(sizes, 16, 100);
    expect(peak.bytes).toBeLessThanOrEqual(100);
    expect(peak.bytes).toBeGreaterThan(80);
    expect(peak.count).toBeGreaterThan(2);
  });

  it('runs an item larger than the budget alone, and the others after it', async () => {
    const peak = await peaks([1, 1, 500, 1, 1], 4, 100);
    expect(peak.bytes).toBe(500);
    expect(peak.order).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops taking items once aborted, and waits for those in flight', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    await forEachLimited(listed([...Array(20).keys()]), 2, async (item) => {
      if (item === 3) controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 2));
      done.push(item);
    }, controller.signal);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
  });
});
