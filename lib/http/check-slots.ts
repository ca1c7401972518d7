import 'server-only';
import { createInFlightLimit, type InFlightLimit } from './in-flight-limit';

// Storage checks in flight, for the console's Test storage settings and the Manage API's check: at
// most 2 per session (the Manage API's one credential counts as one client) and 8 in all.

export const CHECKS_PER_CLIENT = 2;
export const CHECKS_IN_TOTAL = 8;

// On globalThis: Next.js bundles each route separately, and both routes must count against one limit.
const KEY = Symbol.for('packages-console.storage-check-slots');
const holder = globalThis as typeof globalThis & { [KEY]?: InFlightLimit };

export function storageCheckSlots(): InFlightLimit {
  holder[KEY] ??= createInFlightLimit({ perClient: CHECKS_PER_CLIENT, total: CHECKS_IN_TOTAL });
  return holder[KEY];
}

/** Seconds after which a slot is surely free again: a check ends at its deadline plus a short cleanup. */
export function checkRetryAfterSeconds(checkTimeoutMs: number): number {
  return Math.ceil(checkTimeoutMs / 1000) + 1;
}

export type SlotOutcome<T> = { ok: true; value: T } | { ok: false; max: number; retryAfterSeconds: number };

/** Runs `work` in one of `client`'s check slots, or says when to come back if none is free. */
export async function withCheckSlot<T>(client: string, checkTimeoutMs: number, work: () => Promise<T>): Promise<SlotOutcome<T>> {
  const release = storageCheckSlots().tryAcquire(client);
  if (!release) return { ok: false, max: CHECKS_PER_CLIENT, retryAfterSeconds: checkRetryAfterSeconds(checkTimeoutMs) };
  try {
    return { ok: true, value: await work() };
  } finally {
    release();
  }
}
