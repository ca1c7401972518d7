import type { ConfigRunRecord } from '@/lib/config-run/types';

// After a failed run, the way back is the version in force before it: the one the last successful
// run before it applied. Offered only if it is kept and is not already the saved version.

/** Run id → the version to restore, for each failed run that has a way back. Runs newest first. */
export function waysBack(runs: readonly ConfigRunRecord[], kept: readonly number[], currentVersion: number): Map<string, number> {
  const ways = new Map<string, number>();
  runs.forEach((run, index) => {
    if (run.state !== 'failed') return;
    const before = runs.slice(index + 1).find((older) => older.state === 'succeeded' && older.settingsVersion !== null);
    const version = before?.settingsVersion ?? null;
    if (version !== null && version !== currentVersion && kept.includes(version)) ways.set(run.id, version);
  });
  return ways;
}
