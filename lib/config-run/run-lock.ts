import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { createFileExclusive, fsyncDirectory } from '@/lib/fs/atomic-write';
import { ownerAlive, processInstance, processStartTime } from '@/lib/fs/process-owner';
import { ensureDataDir } from '@/lib/fs/data-dir';

// One configuration run at a time, across processes (the server and `cli config apply` share the data
// directory): a lock file created with link(2), which refuses to replace. It names its owner as
// lib/settings/process-owner.ts does, so a lock left by a killed process is recognised as stale.


const lockSchema = z.object({
  runId: z.string(),
  pid: z.number().int(),
  startTime: z.string().nullable(),
  instance: z.string(),
  createdAt: z.string(),
});
export type RunLock = z.infer<typeof lockSchema>;

export function runLockPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'config-run.lock');
}

/** Whether the process that took the lock is still the one running. */
export async function lockOwnerAlive(lock: RunLock): Promise<boolean> {
  return ownerAlive(lock);
}

// Read by every render of the settings page (is a run in progress?): parsed again only when the file changed.
const readLockFile = cachedFileReader((raw): RunLock => {
  try {
    return lockSchema.parse(JSON.parse(raw));
  } catch {
    // createFileExclusive publishes only complete files, so this is damage, not a half-written lock:
    // treat it as an owner that is gone, so one broken file cannot block every save for ever.
    return { runId: '', pid: -1, startTime: null, instance: '', createdAt: '' };
  }
});

export async function readRunLock(env: Pick<ConsoleEnv, 'dataDir'>): Promise<RunLock | null> {
  return readLockFile(runLockPath(env)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** Takes the lock for `runId`; returns the current holder's lock instead when it is taken. */
export async function tryAcquireRunLock(env: ConsoleEnv, runId: string): Promise<{ ok: true } | { ok: false; holder: RunLock }> {
  await ensureDataDir(env);
  const lock: RunLock = {
    runId,
    pid: process.pid,
    startTime: await processStartTime(process.pid),
    instance: processInstance(),
    createdAt: new Date().toISOString(),
  };
  if (await createFileExclusive(runLockPath(env), `${JSON.stringify(lock)}\n`, { mode: 0o600 })) return { ok: true };
  const holder = await readRunLock(env);
  // Released between our attempt and the read: report it as held; the caller's retry will get it.
  return { ok: false, holder: holder ?? lock };
}

/** Removes the lock if it still belongs to `runId` (never someone else's). */
export async function releaseRunLock(env: ConsoleEnv, runId: string): Promise<void> {
  const lock = await readRunLock(env);
  if (!lock || lock.runId !== runId) return;
  await fs.rm(runLockPath(env), { force: true });
  await fsyncDirectory(env.dataDir);
}

/** Removes a lock whose owner is gone. Two processes doing this at the same instant is the one race left. */
export async function removeStaleRunLock(env: ConsoleEnv, stale: RunLock): Promise<void> {
  const lock = await readRunLock(env);
  if (!lock || lock.runId !== stale.runId || lock.instance !== stale.instance) return;
  await fs.rm(runLockPath(env), { force: true });
  await fsyncDirectory(env.dataDir);
}
