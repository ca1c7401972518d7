import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { discardStagedConfig, readAppliedConfig } from './applied-config';
import { lockOwnerAlive, readRunLock, removeStaleRunLock } from './run-lock';
import { loadAllRuns, loadRun, saveRun } from './run-store';
import type { ConfigRunRecord } from './types';

// A run whose process died (SIGKILL, power loss, crash) is still "running" on disk. Readers find and
// close such runs: there is no start-up hook to rely on, and the CLI can die just like the server.

/**
 * Closes an interrupted run. If its configuration had already replaced the live file (the crash came
 * after the commit point), the run did its work and is marked successful; otherwise it failed.
 */
export async function closeInterruptedRun(env: ConsoleEnv, runId: string): Promise<ConfigRunRecord | null> {
  // Re-read: the owner may have finished (and released its lock) since the caller looked.
  const run = await loadRun(env, runId);
  if (!run || run.state !== 'running') return run;
  const applied = await readAppliedConfig(env).catch(() => null);
  const now = new Date().toISOString();
  const committed = applied?.run_id === run.id;
  let seq = run.events.length;
  for (const phase of run.phases) {
    if (committed && phase.state !== 'done') {
      phase.state = 'done';
      phase.startedAt ??= now;
      phase.finishedAt = now;
    } else if (!committed && phase.state === 'running') {
      phase.state = 'failed';
      phase.finishedAt = now;
      phase.failure = { code: 'interrupted' };
      run.events.push({ seq: ++seq, timestamp: now, severity: 'ERROR', phase: phase.name, code: 'phaseFailed', params: { phase: phase.name, reason: 'interrupted' } });
    }
  }
  if (!committed && !run.phases.some((phase) => phase.state === 'failed')) {
    // Died between two phases: the first one that did not finish is where it stopped.
    const stopped = run.phases.find((phase) => phase.state === 'pending');
    if (stopped) Object.assign(stopped, { state: 'failed', startedAt: now, finishedAt: now, failure: { code: 'interrupted' } });
  }
  run.state = committed ? 'succeeded' : 'failed';
  run.finishedAt = now;
  run.events.push({ seq: ++seq, timestamp: now, severity: committed ? 'WARNING' : 'ERROR', phase: null, code: committed ? 'interruptedAfterApply' : 'interrupted' });
  await saveRun(env, run);
  await discardStagedConfig(env, run.id);
  return run;
}

/** The run as it really is: a "running" run without a live owner holding the lock is closed first. */
export async function reconcileRun(env: ConsoleEnv, run: ConfigRunRecord): Promise<ConfigRunRecord> {
  if (run.state !== 'running') return run;
  const lock = await readRunLock(env);
  const ours = lock !== null && lock.runId === run.id;
  if (ours && (await lockOwnerAlive(lock))) return run;
  const closed = await closeInterruptedRun(env, run.id);
  if (ours) await removeStaleRunLock(env, lock);
  return closed ?? run;
}

export async function getRun(env: ConsoleEnv, id: string): Promise<ConfigRunRecord | null> {
  const run = await loadRun(env, id);
  return run ? reconcileRun(env, run) : null;
}

/** Kept runs, newest first, interrupted ones closed. */
export async function listRuns(env: ConsoleEnv): Promise<ConfigRunRecord[]> {
  const runs = await loadAllRuns(env);
  return Promise.all(runs.map((run) => reconcileRun(env, run)));
}

/**
 * The id of the run in progress, if any (closing an interrupted one first). A live lock counts even
 * before its run file exists: the run is being started at this very moment.
 */
export async function activeRunId(env: ConsoleEnv): Promise<string | null> {
  const lock = await readRunLock(env);
  if (!lock) return null;
  if (await lockOwnerAlive(lock)) {
    // Finished and about to release its lock: no longer in progress.
    const run = await loadRun(env, lock.runId);
    return run !== null && run.state !== 'running' ? null : lock.runId;
  }
  if (lock.runId) await closeInterruptedRun(env, lock.runId);
  await removeStaleRunLock(env, lock);
  return null;
}
