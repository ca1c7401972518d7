import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createFileExclusive } from '@/lib/fs/atomic-write';
import { currentOwner, ownerAlive, processInstance } from '@/lib/fs/process-owner';

// Makes a save's read-compare-write exclusive across processes: the server and `cli config set` share
// the data directory, and without this both could pass the version check and write the same version.
// A lock file created with link(2) (createFileExclusive), which refuses to replace; a lock whose owner
// died is taken over at once, one older than STALE_MS after that long, and a live one is waited for
// only WAIT_MS: a save is milliseconds of work, so waiting longer would only hide a stuck process.

export const SETTINGS_LOCK_WAIT_MS = 5_000;
export const SETTINGS_LOCK_STALE_MS = 60_000;
const MAX_BACKOFF_MS = 100;

const lockSchema = z.object({
  pid: z.number().int(),
  startTime: z.string().nullable(),
  instance: z.string(),
  token: z.string(),
  createdAt: z.string(),
});
type SettingsLock = z.infer<typeof lockSchema>;

/** Another process is saving: nothing was written, the caller may try again in a moment. */
export class SettingsBusyError extends Error {
  override name = 'SettingsBusyError';
  constructor(
    readonly reason: 'timeout' | 'lost',
    readonly holderPid: number | null,
    file: string,
  ) {
    super(
      reason === 'timeout'
        ? `The settings lock ${file} is held by process ${holderPid ?? 'unknown'}; gave up waiting`
        : `The settings lock ${file} was taken over while this save held it; nothing was written`,
    );
  }
}

export interface SettingsLockOptions {
  waitMs?: number;
  staleMs?: number;
}

export interface HeldSettingsLock {
  /** Throws SettingsBusyError if the lock was taken over (this holder looked stale): call it right before committing. */
  assertHeld(): Promise<void>;
}

export function settingsLockPath(dataDir: string): string {
  return path.join(dataDir, 'settings.lock');
}

// The tokens this process holds. On globalThis: Next.js may bundle this module several times in one
// process, and one copy must not take another copy's live lock for a dead one.
const HELD_KEY = Symbol.for('packages-console.settings-locks-held');
function heldTokens(): Set<string> {
  const holder = globalThis as { [HELD_KEY]?: Set<string> };
  holder[HELD_KEY] ??= new Set();
  return holder[HELD_KEY];
}

interface FoundLock {
  raw: string;
  /** null: a file that does not parse. link(2) publishes complete files only, so that is damage. */
  lock: SettingsLock | null;
}

function parseLock(raw: string): SettingsLock | null {
  try {
    return lockSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

async function readLock(file: string): Promise<FoundLock | null> {
  try {
    const raw = await fs.readFile(file, 'utf8');
    return { raw, lock: parseLock(raw) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function isStale({ lock }: FoundLock, staleMs: number): Promise<boolean> {
  if (!lock) return true;
  if (lock.pid === process.pid && lock.instance === processInstance()) return !heldTokens().has(lock.token);
  if (!(await ownerAlive(lock))) return true;
  // A live owner past the bound is stuck; it finds out at assertHeld and writes nothing.
  return !(Date.now() - Date.parse(lock.createdAt) < staleMs);
}

/**
 * Removes the lock only if it is still the one `matches` accepts. It is renamed aside first (only one
 * process can move a given file), so a lock that another process created in between is put back, not
 * deleted. The one race left: a third process creating a lock in the instant it is aside.
 */
async function removeLockIf(file: string, matches: (raw: string) => boolean): Promise<void> {
  const aside = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.removed`);
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (matches(await fs.readFile(aside, 'utf8'))) return;
    await fs.link(aside, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  } finally {
    await fs.rm(aside, { force: true });
  }
}

/** Removes our lock, and leaves alone one that took its place (ours was taken over as stuck). */
async function releaseLock(file: string, token: string): Promise<void> {
  const found = await readLock(file);
  if (found?.lock?.token !== token) return;
  await removeLockIf(file, (raw) => parseLock(raw)?.token === token);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(file: string, token: string, waitMs: number, staleMs: number): Promise<void> {
  const owner = await currentOwner();
  const deadline = Date.now() + waitMs;
  let backoff = 2;
  for (let lastTry = false; ; ) {
    const lock: SettingsLock = { ...owner, token, createdAt: new Date().toISOString() };
    // Not fsynced: after a power loss the lock is stale anyway, and a save already pays for its own fsyncs.
    if (await createFileExclusive(file, `${JSON.stringify(lock)}\n`, { mode: 0o600, durable: false })) return;
    const found = await readLock(file);
    const stale = found !== null && (await isStale(found, staleMs));
    if (found !== null && stale) await removeLockIf(file, (raw) => raw === found.raw);
    if (lastTry) throw new SettingsBusyError('timeout', found?.lock?.pid ?? null, file);
    // Past the deadline, one more attempt if the lock was just released or removed.
    if (Date.now() >= deadline) {
      if (found !== null && !stale) throw new SettingsBusyError('timeout', found.lock?.pid ?? null, file);
      lastTry = true;
      continue;
    }
    // Released or removed just now: try again at once.
    if (found === null || stale) continue;
    // Jittered, so waiters that saw the same release do not all retry in the same instant.
    await sleep(Math.min(backoff * (0.5 + Math.random() / 2), Math.max(0, deadline - Date.now())));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}

/** Runs `task` holding the settings lock of `dataDir`, which must exist. */
export async function withSettingsLock<T>(dataDir: string, task: (lock: HeldSettingsLock) => Promise<T>, options: SettingsLockOptions = {}): Promise<T> {
  const file = settingsLockPath(dataDir);
  const token = randomBytes(12).toString('hex');
  // Known as ours before the file can exist: another task of this process that reads it meanwhile
  // must not take it for a leftover of ours and remove it.
  heldTokens().add(token);
  try {
    await acquire(file, token, options.waitMs ?? SETTINGS_LOCK_WAIT_MS, options.staleMs ?? SETTINGS_LOCK_STALE_MS);
  } catch (error) {
    heldTokens().delete(token);
    throw error;
  }
  const held: HeldSettingsLock = {
    async assertHeld() {
      const found = await readLock(file);
      if (found?.lock?.token !== token) throw new SettingsBusyError('lost', found?.lock?.pid ?? null, file);
    },
  };
  try {
    return await task(held);
  } finally {
    // A lock we cannot remove must not turn the task's outcome into an error: the task did what it did.
    // Forgetting the token makes this process treat the leftover as stale; other processes wait for STALE_MS.
    await releaseLock(file, token).catch((error: NodeJS.ErrnoException) => {
      console.error(`The settings lock ${file} could not be removed: ${error.code ?? 'error'}`);
    });
    heldTokens().delete(token);
  }
}
