import { setTimeout as sleep } from 'node:timers/promises';
import { classify } from './errors';
import type { RetryOptions } from './types';

// Exponential backoff with full jitter, so eight workers throttled together do not come back together.

export function backoffMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Runs `call` until it succeeds, fails for good, the attempts are spent or the signal aborts. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (signal?.aborted || attempt >= options.attempts || !classify(error).retriable) throw error;
      await sleep(backoffMs(attempt, options), undefined, { signal });
    }
  }
}
