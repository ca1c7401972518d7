import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';

// Login lockout as the Management Console documents it: 10 failed attempts within 10 minutes lock
// logins until the 10-minute window holds fewer than 10 failures. The state lives on disk, written
// atomically, so neither a restart nor a crash clears it; `cli unlock` does.

export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60 * 1000;

const stateSchema = z.object({ format: z.literal(1), failures: z.array(z.number().int().min(0)).max(MAX_FAILURES) });

export type LockoutStatus = { locked: false; failures: number } | { locked: true; failures: number; retryAt: number };

export function lockoutFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'login-lockout.json');
}

/** Failures still inside the window, oldest first, at most the last MAX_FAILURES (older ones can't matter). */
export function recentFailures(failures: readonly number[], now: number): number[] {
  return failures
    .filter((time) => time > now - WINDOW_MS)
    .sort((a, b) => a - b)
    .slice(-MAX_FAILURES);
}

/** Locked while the window holds MAX_FAILURES failures; it opens when the oldest of them leaves the window. */
export function statusOf(failures: readonly number[], now: number): LockoutStatus {
  const recent = recentFailures(failures, now);
  if (recent.length < MAX_FAILURES) return { locked: false, failures: recent.length };
  return { locked: true, failures: recent.length, retryAt: (recent[0] ?? now) + WINDOW_MS };
}

// Read before every password check (each Manage API call): parsed again only when the file changed.
// A file that does not parse is remembered as 'unreadable', and still fails closed on every read below.
const readFailureTimes = cachedFileReader((raw) => {
  let json: unknown = null;
  try {
    json = JSON.parse(raw);
  } catch {}
  const parsed = stateSchema.safeParse(json);
  return parsed.success ? parsed.data.failures : 'unreadable';
});

async function readFailures(env: ConsoleEnv, now: number): Promise<readonly number[]> {
  const file = lockoutFilePath(env);
  const failures = await readFailureTimes(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null; // removed between stat and read
    throw error;
  });
  if (failures !== 'unreadable') return failures ?? [];
  // Fail closed: a state file we can't read must not hand out fresh attempts. The operator clears it with `cli unlock`.
  console.error(`Login lockout state ${file} is unreadable: logins stay locked until \`npm run -s cli -- unlock\` clears it.`);
  return Array.from({ length: MAX_FAILURES }, () => now);
}

async function writeFailures(env: ConsoleEnv, failures: number[]): Promise<void> {
  await ensureDataDir(env);
  await writeFileAtomic(lockoutFilePath(env), `${JSON.stringify({ format: 1, failures })}\n`, { mode: 0o600 });
}

export async function readLockoutStatus(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<LockoutStatus> {
  return statusOf(await readFailures(env, now), now);
}

export async function recordFailure(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<LockoutStatus> {
  const failures = recentFailures([...(await readFailures(env, now)), now], now);
  await writeFailures(env, failures);
  return statusOf(failures, now);
}

/** A successful login starts the count again. Writes only when there is something to clear. */
export async function resetFailures(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<void> {
  if ((await readFailures(env, now)).length > 0) await writeFailures(env, []);
}

/** `cli unlock`: clears the failures (and a corrupt state file). Returns how many were cleared. */
export async function clearLockout(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<number> {
  let cleared = 0;
  try {
    cleared = recentFailures(await readFailures(env, now), now).length;
  } finally {
    await writeFailures(env, []);
  }
  return cleared;
}

export function retryAfterSeconds(status: Extract<LockoutStatus, { locked: true }>, now = Date.now()): number {
  return Math.max(1, Math.ceil((status.retryAt - now) / 1000));
}
