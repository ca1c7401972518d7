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

/** What a type's classifier reads of the deadline when an error comes: the budget's timeout, or the caller's cancel. */
export interface DeadlineFacts {
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

export function deadlineFacts(deadline: Deadline, timeoutMs: number): DeadlineFacts {
  return { timeoutMs, timedOut: deadline.timedOut(), cancelled: deadline.cancelled() };
}

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

/**
 * The cleanup's own budget: what is left of the check's, and at least the grace. Never the caller's
 * signal: a cancelled check must not leave a probe behind.
 */
export function cleanupSignal(deadline: Pick<Deadline, 'remainingMs'>): AbortSignal {
  return AbortSignal.timeout(Math.max(deadline.remainingMs(), CLEANUP_GRACE_MS));
}
