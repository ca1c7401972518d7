export interface Deadline {
  /** Aborts when the caller cancels or the overall budget runs out: passed to every request. */
  signal: AbortSignal;
  timedOut(): boolean;
  cancelled(): boolean;
  remainingMs(): number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
/**
 * After the deadline has passed, a check's cleanup still gets this long: enough for a healthy store to
 * answer two small requests, short enough that a hanging endpoint ends the check within ~1 s of its limit.
 */
export const CLEANUP_GRACE_MS = 750;
/** A hung connect should fail as "timed out" well before the whole check's budget is gone. */
export const MAX_CONNECT_TIMEOUT_MS = 5_000;

export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const startedAt = performance.now();
  const budget = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([budget, callerSignal]) : budget;
  return {
    signal,
    timedOut: () => budget.aborted,
    cancelled: () => callerSignal?.aborted === true,
    remainingMs: () => Math.max(0, Math.ceil(timeoutMs - (performance.now() - startedAt))),
  };
}
