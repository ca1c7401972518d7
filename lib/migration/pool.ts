import { DEFAULT_CONCURRENCY } from './types';

// Runs `work` on each item of a (paged, lazily listed) source with at most `limit` in flight: the listing
// is read only as fast as the work drains it. `work` must not reject. Stops taking items once aborted.

/** A share of a budget each item holds while in flight (its bytes, say); an item larger than the budget runs alone. */
export interface Budget<T> {
  total: number;
  shareOf: (item: T) => number;
}

export async function forEachLimited<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal, budget?: Budget<T>): Promise<void> {
  const running = new Set<Promise<void>>();
  let held = 0;
  try {
    for await (const item of items) {
      const share = budget ? Math.min(budget.shareOf(item), budget.total) : 0;
      while (running.size >= limit || (running.size > 0 && budget && held + share > budget.total)) await Promise.race(running);
      if (signal?.aborted) break;
      held += share;
      const task = work(item).finally(() => {
        running.delete(task);
        held -= share;
      });
      running.add(task);
    }
  } finally {
    await Promise.all(running);
  }
}

/** Abort listeners a run's signal may hold at once: a few per object in flight, and the listing's. */
export function listenersFor(options: { concurrency?: number }): number {
  return (options.concurrency ?? DEFAULT_CONCURRENCY) * 6 + 10;
}
