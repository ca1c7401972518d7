import 'server-only';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { isDataDirWriteError } from '@/lib/fs/data-dir-errors';
import { healthChecksIdle } from '@/lib/health/monitor';
import { countConfigRun } from '@/lib/metrics/registry';
import { SettingsBusyError } from '@/lib/settings/settings-lock';
import { SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { discardStagedConfig } from './applied-config';
import { applyPhase, checkPhase, PhaseFailed, validatePhase, verifyPhase, writePhase, type RunContext, type RunRequest } from './phases';
import { copyPhase, copyVerifyPhase, finalCopyPhase, inventoryPhase, journalPath, newMigration } from './migration-steps';
import { closeInterruptedRun } from './reconcile';
import { watchCancel } from './run-cancel';
import { releaseWrites } from './write-hold';
import { discardingOnFailure, discardServices } from './service-steps';
import { lockOwnerAlive, releaseRunLock, removeStaleRunLock, tryAcquireRunLock } from './run-lock';
import { newRunRecord, RunRecorder } from './run-recorder';
import { loadRun, pruneRuns } from './run-store';
import { MIGRATION_PHASES, type ConfigRunRecord, type PhaseFailure, type RunPhaseName, type RunSource } from './types';

// Starts and runs a configuration run. The validate phase runs before startConfigRun returns, so a
// caller learns at once about bad input; the other phases go on in the background (`finished`).

export interface StartRunOptions {
  source: RunSource;
  actor: string;
  env?: ConsoleEnv;
  /** Aborting cancels the run at the next step (the storage check stops at once). */
  signal?: AbortSignal;
  /** Called with a copy of the run after every change (the CLI's progress display). */
  onUpdate?: (run: ConfigRunRecord) => void;
}

export type StartRunResult =
  | { kind: 'started'; run: ConfigRunRecord; finished: Promise<ConfigRunRecord> }
  | { kind: 'busy'; runId: string };

/** What the admin is told about an error. Unknown errors are logged by name and stack frames only: a message may quote a request. */
function failureFrom(error: unknown, env: ConsoleEnv, signal: AbortSignal): PhaseFailure {
  if (error instanceof PhaseFailed) return error.failure;
  if (signal.aborted) return { code: 'cancelled' };
  if (error instanceof SettingsFileError) return { code: settingsFileMessageCode(error), params: { path: error.path } };
  if (error instanceof SettingsBusyError) return { code: 'settingsBusy' };
  if (isDataDirWriteError(error)) return { code: 'fileError', params: { path: env.dataDir, error: error.code ?? '' } };
  // The name and where it happened, not the message: a message may quote a request or a value.
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')) : [];
  console.error([`Configuration run: unexpected ${error instanceof Error ? error.name : typeof error}`, ...frames.slice(0, 10)].join('\n'));
  return { code: 'internal' };
}

async function acquireLock(env: ConsoleEnv, runId: string): Promise<{ ok: true } | { ok: false; holder: string }> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const result = await tryAcquireRunLock(env, runId);
    if (result.ok) return result;
    if (await lockOwnerAlive(result.holder)) {
      // A run that has recorded its end releases its lock a moment later: wait for that, don't refuse.
      const held = await loadRun(env, result.holder.runId);
      if (held === null || held.state === 'running') return { ok: false, holder: result.holder.runId };
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    // The previous owner died mid-run: close its run as interrupted, then take over.
    if (result.holder.runId) await closeInterruptedRun(env, result.holder.runId);
    await removeStaleRunLock(env, result.holder);
  }
  return { ok: false, holder: '' };
}

async function step<T>(recorder: RunRecorder, ctx: RunContext, name: RunPhaseName, task: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    if (ctx.signal.aborted) throw new PhaseFailed({ code: 'cancelled' });
    await recorder.startPhase(name);
    const value = await task();
    if (ctx.signal.aborted) throw new PhaseFailed({ code: 'cancelled' });
    await recorder.completePhase(name);
    return { ok: true, value };
  } catch (error) {
    await recorder.failPhase(name, failureFrom(error, ctx.env, ctx.signal));
    return { ok: false };
  }
}

async function runRemainingPhases(recorder: RunRecorder, ctx: RunContext, plan: Awaited<ReturnType<typeof validatePhase>>): Promise<void> {
  // A storage health check of this process finishes first: the run's own check never overlaps one.
  await healthChecksIdle();
  if (!(await step(recorder, ctx, 'check', () => checkPhase(plan, ctx))).ok) return;
  const written = await step(recorder, ctx, 'write', () => writePhase(plan, ctx));
  if (!written.ok) return;
  recorder.setSettingsVersion(written.value.version);
  try {
    const migration = plan.migration;
    if (migration) {
      if (!(await step(recorder, ctx, 'inventory', () => inventoryPhase(migration, ctx))).ok) return;
      if (!(await step(recorder, ctx, 'copy', () => copyPhase(migration, plan.next, ctx))).ok) return;
      if (!(await step(recorder, ctx, 'copyVerify', () => copyVerifyPhase(migration, plan.next, ctx))).ok) return;
      if (!(await step(recorder, ctx, 'finalCopy', () => finalCopyPhase(migration, plan.next, ctx))).ok) return;
    }
    const applied = await step(recorder, ctx, 'apply', () => applyPhase(written.value, ctx));
    if (!applied.ok) return;
    if (!(await step(recorder, ctx, 'verify', () => discardingOnFailure(ctx, () => verifyPhase(written.value, applied.value, ctx)))).ok) return;
    // The old copy is never removed by the console: the admin is told where it is.
    if (migration) {
      recorder.event('INFO', 'migrationOldCopyKept', { from: recorder.migration?.from ?? '' });
      // Nothing is left to resume: the manifest goes (its run may be an earlier one this run resumed).
      await rm(journalPath(ctx.env, migration.journalRun), { force: true }).catch(() => undefined);
    }
    await recorder.finish('succeeded');
  } finally {
    // New instances of a run that did not get to switch them (cancelled between phases) are stopped; the serving ones stay.
    const discarded = await discardServices(ctx).catch(() => false);
    // Uploads are allowed again: on the new storage after a switch, on the old one (still in force) after a failure.
    const released = await releaseWrites(ctx).catch(() => false);
    if (discarded || released) await recorder.save();
  }
}

async function closeRun(env: ConsoleEnv, recorder: RunRecorder): Promise<ConfigRunRecord> {
  // Whatever happened, a staged file that never became live is not left for the registry to find.
  await discardStagedConfig(env, recorder.id).catch(() => undefined);
  await releaseRunLock(env, recorder.id);
  await pruneRuns(env).catch(() => undefined);
  const closed = recorder.snapshot();
  countConfigRun(closed.state);
  return closed;
}

export async function startConfigRun(request: RunRequest, options: StartRunOptions): Promise<StartRunResult> {
  const env = options.env ?? readConsoleEnv();
  const id = randomBytes(8).toString('hex');
  const lock = await acquireLock(env, id);
  if (!lock.ok) return { kind: 'busy', runId: lock.holder };

  const recorder = new RunRecorder(env, newRunRecord(id, options.source, options.actor), options.onUpdate);
  const cancel = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
  const ctx: RunContext = { env, actor: options.actor, signal, recorder };
  let plan: Awaited<ReturnType<typeof validatePhase>> | null = null;
  try {
    recorder.event('INFO', 'runStarted', { source: options.source });
    await recorder.save();
    const validated = await step(recorder, ctx, 'validate', () => validatePhase(request, ctx));
    if (validated.ok) plan = validated.value;
    if (plan?.migration) {
      recorder.setMigration(newMigration(plan.migration, plan.next));
      recorder.addPhases(MIGRATION_PHASES, 'apply');
      await recorder.save();
    }
  } catch (error) {
    await releaseRunLock(env, id);
    throw error;
  }
  if (!plan) {
    // Closed before answering, so the caller's next request finds the lock free.
    const closed = await closeRun(env, recorder).catch(() => recorder.snapshot());
    return { kind: 'started', run: closed, finished: Promise.resolve(closed) };
  }
  const started = recorder.snapshot();
  const validPlan = plan;
  const stopWatching = watchCancel(env, id, cancel);
  const finished = (async () => {
    try {
      await runRemainingPhases(recorder, ctx, validPlan);
    } catch (error) {
      // Recording itself failed (disk full…): the run is closed by whoever reads it next.
      console.error(`Configuration run ${id} could not be recorded: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    await stopWatching().catch(() => undefined);
    return closeRun(env, recorder).catch(() => recorder.snapshot());
  })();
  return { kind: 'started', run: started, finished };
}
