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

/** Which limit refused a check: the caller's own checks, or every caller's together. */
export type SlotLimit = 'client' | 'total';
export type SlotRefusal = { ok: false; limit: SlotLimit; max: number; retryAfterSeconds: number };
export type SlotOutcome<T> = { ok: true; value: T } | SlotRefusal;

/** Runs `work` in one of `client`'s check slots, or says which limit was reached and when to come back. */
export async function withCheckSlot<T>(client: string, checkTimeoutMs: number, work: () => Promise<T>, slots: InFlightLimit = storageCheckSlots()): Promise<SlotOutcome<T>> {
  const release = slots.tryAcquire(client);
  if (!release) {
    const limit: SlotLimit = slots.inFlight(client) >= CHECKS_PER_CLIENT ? 'client' : 'total';
    return { ok: false, limit, max: limit === 'client' ? CHECKS_PER_CLIENT : CHECKS_IN_TOTAL, retryAfterSeconds: checkRetryAfterSeconds(checkTimeoutMs) };
  }
  try {
    return { ok: true, value: await work() };
  } finally {
    release();
  }
}

/** The code and `Validation` message of a refusal: "from this session" is only true of the caller's own limit. */
export function checksBusyIssue(refusal: SlotRefusal, t: (key: string, params: Record<string, string>) => string): { code: string; message: string } {
  const code = refusal.limit === 'client' ? 'checksBusy' : 'checksBusyEverywhere';
  return { code, message: t(`Validation.${code}`, { max: String(refusal.max), seconds: String(refusal.retryAfterSeconds) }) };
}
