import 'server-only';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { countLoginFailure } from '@/lib/metrics/registry';
import { readLockoutStatus, readNextCheckAt, recordCeilingFailure, recordFailure, resetFailures, retryAfterSeconds, type LockoutStatus } from './lockout';
import { claimOutOfTurn, forgetKnownGood, freeHeldSlot, inTurn, markKnownGood, outOfTurnRecorded, realClock, takeHeldSlot, takeKnownGood, withStateLock, type LoginClock } from './login-turns';
import { readPasswordRecord, verifyAgainstRecord, type PasswordRecord } from './password-store';
import { isRecentlyVerified, rememberVerifiedPassword } from './verified-password-cache';

export type RootPasswordCheck =
  | { ok: true; epoch: number }
  | { ok: false; reason: 'wrongPassword' }
  | { ok: false; reason: 'locked' | 'signInBusy'; retryAfterSeconds: number }
  | { ok: false; reason: 'notSetUp' };

// Checks take turns (lib/auth/login-turns.ts): read the lockout, verify, record, alone. Without this, 100
// parallel requests would all see "9 failures" and get 100 guesses. Past the ceiling each turn first waits
// until the last failure is one delay old, so wrong answers to all addresses together come at most one per
// delay.
// The administrator does not queue behind guesses. A locked address is answered at once (the password is
// not even checked), and so is the password verified in the last minute. An address with no failures (not
// 'unknown', one request at a time) has its password verified at once, out of turn: a right one signs in
// there and then; a wrong one counts towards the address's lockout at once, but its answer waits for its
// turn, and only then takes its place in the ceiling's rate. A guesser learns nothing sooner by hanging up:
// every answer held is a guess spent, and past MAX_HELD_ANSWERS of them a new address is refused (429)
// without its password being checked, until a turn frees a slot, so guesses stay at one per delay in the
// long run. An address that signed in within 12 hours is let past that bound once, so a flood of new
// addresses cannot keep the administrator out. Addresses with failures are verified in turn, as before.

const lockedAnswer = (status: Extract<LockoutStatus, { locked: true }>, now: number): RootPasswordCheck => ({
  ok: false,
  reason: 'locked',
  retryAfterSeconds: retryAfterSeconds(status, now),
});

async function recordedFailure(client: string, env: ConsoleEnv, now: number, ceiling = true): Promise<RootPasswordCheck> {
  forgetKnownGood(client);
  const after = await withStateLock(() => recordFailure(client, env, now, ceiling));
  countLoginFailure();
  return after.locked ? lockedAnswer(after, now) : { ok: false, reason: 'wrongPassword' };
}

async function succeeded(password: string, record: PasswordRecord, client: string, failures: number, env: ConsoleEnv, now: number): Promise<RootPasswordCheck> {
  rememberVerifiedPassword(password, record, now);
  // 'unknown' is everyone whose address nobody knows: never an address to trust.
  if (client !== 'unknown') markKnownGood(client, now);
  // Failures older than the window count for nothing, so there is only something to reset when some are recent.
  if (failures > 0) await withStateLock(() => resetFailures(client, env, now));
  return { ok: true, epoch: record.epoch };
}

async function waitForTurn(env: ConsoleEnv, clock: LoginClock): Promise<void> {
  // Again after each wait: another answer may have taken its turn meanwhile and moved the time on.
  for (let round = 0; round < 8; round += 1) {
    const now = clock.now();
    const at = await readNextCheckAt(env, now);
    if (at <= now) return;
    await clock.sleep(at - now);
  }
}

async function checkInTurn(password: string, client: string, env: ConsoleEnv, clock: LoginClock): Promise<RootPasswordCheck> {
  await outOfTurnRecorded(client);
  await waitForTurn(env, clock);
  const now = clock.now();
  const before = await readLockoutStatus(client, env, now);
  if (before.locked) return lockedAnswer(before, now);
  const record = await readPasswordRecord(env);
  if (!record) return { ok: false, reason: 'notSetUp' };
  if (isRecentlyVerified(password, record, now) || (await verifyAgainstRecord(password, record))) {
    return succeeded(password, record, client, before.failures, env, now);
  }
  return recordedFailure(client, env, clock.now());
}

/** A wrong answer checked out of turn, given when its turn comes: then, and only then, it counts towards the ceiling. */
async function answerInTurn(answer: RootPasswordCheck, env: ConsoleEnv, clock: LoginClock): Promise<RootPasswordCheck> {
  await waitForTurn(env, clock);
  await withStateLock(() => recordCeilingFailure(env, clock.now()));
  return answer;
}

type OutOfTurn = { answer: RootPasswordCheck; held: boolean } | 'inTurn';

async function verifyOutOfTurn(password: string, client: string, env: ConsoleEnv, clock: LoginClock): Promise<OutOfTurn> {
  // Read again under the claim: a check of this address that ended since the first read has recorded its failure.
  const now = clock.now();
  const status = await readLockoutStatus(client, env, now);
  if (status.locked) return { answer: lockedAnswer(status, now), held: false };
  if (status.failures > 0) return 'inTurn';
  if (!takeHeldSlot() && !(takeKnownGood(client, now) && takeHeldSlot(true))) {
    return { answer: { ok: false, reason: 'signInBusy', retryAfterSeconds: Math.max(1, Math.ceil(status.delayMs / 1000)) }, held: false };
  }
  let held = false;
  try {
    const record = await readPasswordRecord(env);
    if (!record) return { answer: { ok: false, reason: 'notSetUp' }, held };
    if (await verifyAgainstRecord(password, record)) return { answer: await succeeded(password, record, client, 0, env, clock.now()), held };
    const answer = await recordedFailure(client, env, clock.now(), false);
    held = true;
    return { answer, held };
  } finally {
    if (!held) freeHeldSlot();
  }
}

async function checkOutOfTurn(password: string, client: string, env: ConsoleEnv, clock: LoginClock): Promise<RootPasswordCheck> {
  const done = claimOutOfTurn(client);
  if (!done) return inTurn(() => checkInTurn(password, client, env, clock));
  let outcome: OutOfTurn;
  try {
    outcome = await verifyOutOfTurn(password, client, env, clock);
  } finally {
    done();
  }
  if (outcome === 'inTurn') return inTurn(() => checkInTurn(password, client, env, clock));
  if (!outcome.held) return outcome.answer;
  const { answer } = outcome;
  return inTurn(() => answerInTurn(answer, env, clock)).finally(freeHeldSlot);
}

/**
 * Checks a root password against the stored hash under the lockout of `client` (clientKey of the request's
 * address): the console login and the Manage API's basic auth both count towards the same 10 failures.
 * Throws PasswordFileError when the password file is unusable (callers answer 503: nobody gets in until an
 * operator resets it).
 */
export async function verifyRootPassword(password: string, client: string, env: ConsoleEnv = readConsoleEnv(), clock: LoginClock = realClock): Promise<RootPasswordCheck> {
  const now = clock.now();
  const status = await readLockoutStatus(client, env, now);
  if (status.locked) return lockedAnswer(status, now);
  const record = await readPasswordRecord(env).catch(() => null); // an unusable file is reported in turn
  if (record && isRecentlyVerified(password, record, now)) return succeeded(password, record, client, status.failures, env, now);
  if (status.failures === 0 && client !== 'unknown') return checkOutOfTurn(password, client, env, clock);
  return inTurn(() => checkInTurn(password, client, env, clock));
}
