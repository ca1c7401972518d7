import 'server-only';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { countLoginFailure } from '@/lib/metrics/registry';
import { readLockoutStatus, readNextCheckAt, recordFailure, resetFailures, retryAfterSeconds, type LockoutStatus } from './lockout';
import { forgetKnownGood, inTurn, markKnownGood, realClock, takeKnownGood, withStateLock, type LoginClock } from './login-turns';
import { readPasswordRecord, verifyAgainstRecord, type PasswordRecord } from './password-store';
import { isRecentlyVerified, rememberVerifiedPassword } from './verified-password-cache';

export type RootPasswordCheck =
  | { ok: true; epoch: number }
  | { ok: false; reason: 'wrongPassword' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number }
  | { ok: false; reason: 'notSetUp' };

// Checks take turns (lib/auth/login-turns.ts): read the lockout, verify, record, alone. Without this, 100
// parallel requests would all see "9 failures" and get 100 guesses. Past the ceiling each turn first waits
// until the last failure is one delay old, so wrong guesses from all addresses together come at most one
// per delay. Three answers need no turn, so the administrator does not queue behind guesses: a locked
// address (the password is not even checked), the password verified in the last minute (a quick answer
// tells nothing the answer itself doesn't), and an address that signed in within 12 hours and has failed
// nowhere since (one check at a time; its first failure sends it back into the turns).

const lockedAnswer = (status: Extract<LockoutStatus, { locked: true }>, now: number): RootPasswordCheck => ({
  ok: false,
  reason: 'locked',
  retryAfterSeconds: retryAfterSeconds(status, now),
});

async function recordedFailure(client: string, env: ConsoleEnv, now: number): Promise<RootPasswordCheck> {
  forgetKnownGood(client);
  const after = await withStateLock(() => recordFailure(client, env, now));
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
  // Again after each wait: a check out of turn may have failed meanwhile and moved the time on.
  for (let round = 0; round < 8; round += 1) {
    const now = clock.now();
    const at = await readNextCheckAt(env, now);
    if (at <= now) return;
    await clock.sleep(at - now);
  }
}

async function checkInTurn(password: string, client: string, env: ConsoleEnv, clock: LoginClock): Promise<RootPasswordCheck> {
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

async function checkOutOfTurn(password: string, client: string, env: ConsoleEnv, clock: LoginClock): Promise<RootPasswordCheck> {
  const record = await readPasswordRecord(env);
  if (!record) return { ok: false, reason: 'notSetUp' };
  if (await verifyAgainstRecord(password, record)) return succeeded(password, record, client, 0, env, clock.now());
  return recordedFailure(client, env, clock.now());
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
  if (status.failures === 0 && takeKnownGood(client, now)) return checkOutOfTurn(password, client, env, clock);
  return inTurn(() => checkInTurn(password, client, env, clock));
}
