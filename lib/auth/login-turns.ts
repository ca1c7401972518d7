import 'server-only';

// The bookkeeping behind verifyRootPassword (lib/auth/verify-root-password.ts), on globalThis because
// Next.js may bundle these modules more than once (proxy, each route) in the one server process.

/** Time as password checks see it; tests pass their own to run the delays without waiting them out. */
export interface LoginClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: LoginClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How long an address that signed in stays trusted to skip the turn (as long as a session lasts at most). */
export const KNOWN_GOOD_TTL_MS = 12 * 60 * 60 * 1000;
/** Addresses remembered that way; the least recent one is forgotten first. */
export const KNOWN_GOOD_MAX = 16;

interface TurnState {
  checks: Promise<unknown>;
  writes: Promise<unknown>;
  knownGood: Map<string, number>;
}

const STATE_KEY = Symbol.for('packages-console.login-turns');
type Holder = { [STATE_KEY]?: TurnState };

function state(): TurnState {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { checks: Promise.resolve(), writes: Promise.resolve(), knownGood: new Map() };
  return holder[STATE_KEY];
}

function chain<T>(slot: 'checks' | 'writes', task: () => Promise<T>): Promise<T> {
  const turns = state();
  const run = turns[slot].then(task, task);
  turns[slot] = run.catch(() => undefined);
  return run;
}

/**
 * Password checks one at a time, each with its wait for the ceiling's delay: the wait holds up the next
 * check too, so the delay is a rate over all addresses, not a pause every guess takes in parallel.
 */
export function inTurn<T>(task: () => Promise<T>): Promise<T> {
  return chain('checks', task);
}

/** Read-modify-writes of the lockout file, one at a time; never waits behind a check's delay. */
export function withStateLock<T>(task: () => Promise<T>): Promise<T> {
  return chain('writes', task);
}

export function markKnownGood(client: string, now: number): void {
  const { knownGood } = state();
  knownGood.delete(client);
  knownGood.set(client, now);
  for (const oldest of knownGood.keys()) {
    if (knownGood.size <= KNOWN_GOOD_MAX) break;
    knownGood.delete(oldest);
  }
}

/**
 * True (once) when `client` signed in within KNOWN_GOOD_TTL_MS and failed nowhere since. Taking it removes
 * it, so an address gets one check out of turn at a time; a success gives it back.
 */
export function takeKnownGood(client: string, now: number): boolean {
  const { knownGood } = state();
  const since = knownGood.get(client);
  knownGood.delete(client);
  return since !== undefined && now - since < KNOWN_GOOD_TTL_MS;
}

export function forgetKnownGood(client?: string): void {
  if (client === undefined) state().knownGood.clear();
  else state().knownGood.delete(client);
}
