import { DEFAULT_CONCURRENCY } from './types';

// Runs `work` on each item of a (paged, lazily listed) source with at most `limit` in flight: the listing
// is read only as fast as the work drains it. `work` must not reject. Stops taking items once aborted.

export async function forEachLimited<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const running = new Set<Promise<void>>();
  try {
    for await (const item of items) {
      if (signal?.aborted) break;
      const task = work(item).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= limit) await Promise.race(running);
    }
  } finally {
    await Promise.all(running);
  }
}

/** Abort listeners a run's signal may hold at once: a few per object in flight, and the listing's. */
export function listenersFor(options: { concurrency?: number }): number {
  return (options.concurrency ?? DEFAULT_CONCURRENCY) * 6 + 10;
}
