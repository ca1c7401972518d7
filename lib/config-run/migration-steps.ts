import 'server-only';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { classify, copyObjects, inventoryScopes, listScopes, openJournal, sumTotals, verifyObjects, type ObjectAccess, type ObjectFailure, type RunOptions, type Scope } from '@/lib/migration';
import { SERVICES } from '@/lib/services/registry';
import type { PackagesSettings } from '@/lib/settings/types';
import { storageServer } from '@/lib/storage/server';
import { PhaseFailed } from './phase-failed';
import type { MigrationPlan, RunContext } from './run-context';
import { MAX_MIGRATION_FAILURES, type RunMigration } from './types';
import { holdWrites } from './write-hold';

// The phases of a run that moves the packages to new storage, between writing the settings and applying
// them: inventory (what the storage in force holds), copy, verify (every object read back), and the
// final copy with the ecosystems read-only, so nothing written meanwhile is left behind. The storage in
// force is only listed and read: the old copy stays whole whatever happens.


/** Each ecosystem's part of the storage, as its service declares it. */
export const migrationScopes = (): Scope[] => SERVICES.map((service) => ({ id: service.id, ...service.storageScope }));

export const journalPath = (env: Pick<ConsoleEnv, 'dataDir'>, runId: string): string => path.join(env.dataDir, 'migrations', `${runId}.jsonl`);

export function newMigration(plan: MigrationPlan, next: PackagesSettings): RunMigration {
  const describe = (settings: PackagesSettings) => storageServer(settings.storageType).cliTarget(settings);
  return { from: describe(plan.source), to: describe(next), journalRun: plan.journalRun, ecosystems: [], progress: null, copied: 0, skipped: 0, verified: 0, failures: [], failureCount: 0 };
}

function accessTo(settings: PackagesSettings, env: ConsoleEnv): ObjectAccess {
  return storageServer(settings.storageType).objectAccess(settings, { proxy: env.proxy, timeoutMs: env.checkTimeoutMs });
}

/** The engine's options for this run: both storages, the ecosystems' scopes, the manifest, the cancel, the progress. */
async function withAccess<T>(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext, task: (options: RunOptions) => Promise<T>): Promise<T> {
  const source = accessTo(plan.source, ctx.env);
  const target = accessTo(next, ctx.env);
  try {
    return await task({
      source,
      target,
      scopes: migrationScopes(),
      journalPath: journalPath(ctx.env, plan.journalRun),
      signal: ctx.signal,
      concurrency: ctx.env.migrationConcurrency,
      totals: sumTotals(record(ctx).ecosystems),
      onProgress: (progress) => ctx.recorder.progress(progress),
    });
  } finally {
    source.close();
    target.close();
  }
}

function record(ctx: RunContext): RunMigration {
  const migration = ctx.recorder.migration;
  if (!migration) throw new Error('the run moves no packages');
  return migration;
}

/** Keeps the first failures, then fails the phase naming the first one (key and cause, in the reader's language). */
function failWith(ctx: RunContext, code: string, failures: readonly ObjectFailure[]): never {
  const migration = record(ctx);
  migration.failures = failures.slice(0, MAX_MIGRATION_FAILURES).map(({ key, code: cause, status }) => ({ key, code: cause, ...(status === undefined ? {} : { status }) }));
  migration.failureCount = failures.length;
  const [first] = failures;
  throw new PhaseFailed({ code, params: { count: String(failures.length), key: first?.key ?? '', cause: first?.code ?? 'unknown' } });
}

/** A listing that failed as a whole (the storage refused or did not answer): its neutral cause. */
function listingFailed(error: unknown, which: 'source' | 'target'): never {
  const { code, status } = classify(error);
  throw new PhaseFailed({ code: which === 'source' ? 'migrationSourceUnreadable' : 'migrationTargetUnreadable', params: { cause: code, ...(status === undefined ? {} : { status: String(status) }) } });
}

export async function inventoryPhase(plan: MigrationPlan, ctx: RunContext): Promise<void> {
  const source = accessTo(plan.source, ctx.env);
  try {
    const ecosystems = await inventoryScopes(source, migrationScopes(), ctx.signal).catch((error: unknown) => (ctx.signal.aborted ? Promise.reject(error) : listingFailed(error, 'source')));
    record(ctx).ecosystems = ecosystems.map(({ id, objects, bytes }) => ({ id, objects, bytes }));
    const total = sumTotals(ecosystems);
    ctx.recorder.event('INFO', 'migrationInventory', { objects: String(total.objects), bytes: String(total.bytes), from: record(ctx).from });
  } finally {
    source.close();
  }
}

async function copyOnce(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext, onCopied?: (key: string) => void) {
  return withAccess(plan, next, ctx, async (options) => {
    const result = await copyObjects({ ...options, onCopied }).catch((error: unknown) => (ctx.signal.aborted ? Promise.reject(error) : listingFailed(error, 'source')));
    record(ctx).copied += result.copied;
    if (result.cancelled) throw new PhaseFailed({ code: 'cancelled' });
    if (result.unreachable) failWith(ctx, 'migrationUnreachable', result.failures.slice().reverse());
    if (result.failures.length > 0) failWith(ctx, 'migrationCopyFailed', result.failures);
    return result;
  });
}

export async function copyPhase(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext): Promise<void> {
  const result = await copyOnce(plan, next, ctx);
  // Proven by an earlier run this one resumes: the final copy's own skips are everything the copy just did.
  record(ctx).skipped = result.skipped;
  ctx.recorder.event('INFO', 'migrationCopied', { copied: String(result.copied), skipped: String(result.skipped), bytes: String(result.bytesMoved) });
}

/** Proves the target: a mismatch is forgotten by the resume manifest, so a resumed run copies that object again. */
async function verifyOnce(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext, scope: { live: true } | { only: ReadonlySet<string> }): Promise<void> {
  await withAccess(plan, next, ctx, async (options) => {
    const result = await verifyObjects({ ...options, ...scope }).catch((error: unknown) => (ctx.signal.aborted ? Promise.reject(error) : listingFailed(error, 'target')));
    if (result.cancelled) throw new PhaseFailed({ code: 'cancelled' });
    // The final copy reads back only what it copied again: both verifies together prove every object.
    record(ctx).verified += result.verified;
    if (result.mismatches.length > 0) {
      const journal = await openJournal(journalPath(ctx.env, plan.journalRun));
      for (const mismatch of result.mismatches) journal.forget(mismatch.key);
      await journal.close();
      failWith(ctx, 'migrationVerifyFailed', result.mismatches);
    }
    if (!result.countsMatch) throw new PhaseFailed({ code: 'migrationCountsDiffer', params: { source: String(result.sourceObjects), target: String(result.targetObjects) } });
    ctx.recorder.event('INFO', 'migrationVerified', { objects: String(result.verified) });
  });
}

/** Uploads still go on: what the copy proved is read back; what came or changed since is the final copy's. */
export function copyVerifyPhase(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext): Promise<void> {
  return verifyOnce(plan, next, ctx, { live: true });
}

/**
 * Writes held (every ecosystem read-only through its front until the run switches or fails), then what
 * changed since the copy is copied, what was deleted at the source since is deleted from the target
 * (only objects this move put there), and the objects copied now are read back.
 */
export async function finalCopyPhase(plan: MigrationPlan, next: PackagesSettings, ctx: RunContext): Promise<void> {
  await holdWrites(ctx);
  const copiedNow = new Set<string>();
  await copyOnce(plan, next, ctx, (key) => copiedNow.add(key));
  const removed = await withAccess(plan, next, ctx, ({ source, target }) => removeDeletedAtSource(source, target, plan, ctx));
  ctx.recorder.event('INFO', 'migrationFinalCopy', { copied: String(copiedNow.size), removed: String(removed) });
  await verifyOnce(plan, next, ctx, { only: copiedNow });
}

async function removeDeletedAtSource(source: ObjectAccess, target: ObjectAccess, plan: MigrationPlan, ctx: RunContext): Promise<number> {
  const scopes = migrationScopes();
  const atSource = new Set<string>();
  for await (const object of listScopes(source, scopes, ctx.signal)) atSource.add(object.key);
  const journal = await openJournal(journalPath(ctx.env, plan.journalRun));
  let removed = 0;
  try {
    for await (const object of listScopes(target, scopes, ctx.signal)) {
      if (atSource.has(object.key) || !journal.proven.has(object.key)) continue;
      await target.remove(object.key);
      journal.forget(object.key);
      removed += 1;
    }
  } finally {
    await journal.close();
  }
  return removed;
}
