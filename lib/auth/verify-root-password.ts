import 'server-only';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { readLockoutStatus, recordFailure, resetFailures, retryAfterSeconds } from './lockout';
import { readPasswordRecord, verifyAgainstRecord } from './password-store';
import { isRecentlyVerified, rememberVerifiedPassword } from './verified-password-cache';

export type RootPasswordCheck =
  | { ok: true; epoch: number }
  | { ok: false; reason: 'wrongPassword' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number }
  | { ok: false; reason: 'notSetUp' };

// Every attempt runs alone: read the lockout, verify, record. Without this, 100 parallel requests
// would all see "9 failures" and get 100 guesses. The queue lives on globalThis because Next.js may
// bundle this module more than once (proxy, each route) in the one server process.
const QUEUE_KEY = Symbol.for('packages-console.root-password-queue');
type Holder = { [QUEUE_KEY]?: Promise<unknown> };

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const run = (holder[QUEUE_KEY] ?? Promise.resolve()).then(task, task);
  holder[QUEUE_KEY] = run.catch(() => undefined);
  return run;
}

async function isKnownGood(password: string, env: ConsoleEnv): Promise<boolean> {
  const record = await readPasswordRecord(env).catch(() => null);
  return record !== null && isRecentlyVerified(password, record);
}

/**
 * Under the ceiling on all clients' failures, every check waits first (outside the queue, so the
 * administrator waits that delay, not behind every guess queued meanwhile). A password verified in the
 * last minute skips the wait: a quick answer to it tells nothing the answer itself doesn't.
 */
async function slowDown(password: string, client: string, env: ConsoleEnv): Promise<void> {
  const status = await readLockoutStatus(client, env);
  if (status.locked || status.delayMs === 0 || (await isKnownGood(password, env))) return;
  await new Promise((resolve) => setTimeout(resolve, status.delayMs));
}

/**
 * Checks a root password against the stored hash under the lockout of `client` (clientKey of the request's
 * address): the console login and the Manage API's basic auth both count towards the same 10 failures.
 * Throws PasswordFileError when the password file is unusable (callers answer 503: nobody gets in until an
 * operator resets it).
 */
export async function verifyRootPassword(password: string, client: string, env: ConsoleEnv = readConsoleEnv()): Promise<RootPasswordCheck> {
  await slowDown(password, client, env);
  return serialized(async () => {
    const now = Date.now();
    const before = await readLockoutStatus(client, env, now);
    // While locked the password is not even checked, so guesses made then learn nothing and cost nothing.
    if (before.locked) return { ok: false, reason: 'locked', retryAfterSeconds: retryAfterSeconds(before, now) };
    const record = await readPasswordRecord(env);
    if (!record) return { ok: false, reason: 'notSetUp' };
    if (isRecentlyVerified(password, record, now) || (await verifyAgainstRecord(password, record))) {
      rememberVerifiedPassword(password, record, now);
      // Failures older than the window count for nothing, so there is only something to reset when some are recent.
      if (before.failures > 0) await resetFailures(client, env, now);
      return { ok: true, epoch: record.epoch };
    }
    const after = await recordFailure(client, env, now);
    if (after.locked) return { ok: false, reason: 'locked', retryAfterSeconds: retryAfterSeconds(after, now) };
    return { ok: false, reason: 'wrongPassword' };
  });
}
