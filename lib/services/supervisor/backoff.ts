// Restart delays after a crash: 1 s, doubling, at most 60 s. A process that ran longer than the
// longest delay before crashing starts the sequence again: it was not crash-looping.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000 };

export function nextDelay(policy: BackoffPolicy, previousMs: number | null, ranForMs: number): number {
  if (previousMs === null || ranForMs > policy.maxMs) return policy.initialMs;
  return Math.min(previousMs * 2, policy.maxMs);
}
