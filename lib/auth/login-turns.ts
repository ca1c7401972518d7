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
/**
 * Wrong answers checked out of turn and waiting for their turn, at most. A guesser who drops the connection
 * still learns from the silence that a guess was wrong (a right one is answered at once), so every held
 * answer is a guess spent ahead of the rate: this bounds how far ahead (16 guesses, against the about 135 the
 * ceiling lets through in 10 minutes), and past it new addresses are refused unverified until a turn frees a
 * slot, which leaves one guess per delay in the long run. 16 also leaves room for a few people mistyping at
 * once on a console nobody attacks, where turns take no delay and slots free within a scrypt check.
 */
export const MAX_HELD_ANSWERS = 16;

interface TurnState {
  checks: Promise<unknown>;
  writes: Promise<unknown>;
  knownGood: Map<string, number>;
  held: number;
  outOfTurn: Map<string, Promise<void>>;
}

const STATE_KEY = Symbol.for('packages-console.login-turns');
type Holder = { [STATE_KEY]?: TurnState };

function state(): TurnState {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { checks: Promise.resolve(), writes: Promise.resolve(), knownGood: new Map(), held: 0, outOfTurn: new Map() };
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

/**
 * Claims the one check out of turn of `client`: null when one is running (the next goes in turn, so
 * parallel requests from one address never get more than one password verified ahead of its count), else
 * `done`, to call once its outcome is recorded.
 */
export function claimOutOfTurn(client: string): (() => void) | null {
  const { outOfTurn } = state();
  if (outOfTurn.has(client)) return null;
  let done = () => {};
  const recorded = new Promise<void>((resolve) => {
    done = () => {
      outOfTurn.delete(client);
      resolve();
    };
  });
  outOfTurn.set(client, recorded);
  return done;
}

/** Resolves once the check out of turn of `client` (if any) has recorded its outcome, so a check in turn counts it. */
export function outOfTurnRecorded(client: string): Promise<void> {
  return state().outOfTurn.get(client) ?? Promise.resolve();
}

/** Takes a slot for an answer that may have to wait for its turn; false when MAX_HELD_ANSWERS are taken (unless `always`). */
export function takeHeldSlot(always = false): boolean {
  const turns = state();
  if (!always && turns.held >= MAX_HELD_ANSWERS) return false;
  turns.held += 1;
  return true;
}

export function freeHeldSlot(): void {
  const turns = state();
  turns.held = Math.max(0, turns.held - 1);
}
