import 'server-only';
import type { PackagesSettings, SettingsSnapshot } from '@/lib/settings/types';
import { storageChangedIssue } from '@/lib/storage/check/check-storage';
import { storageServer } from '@/lib/storage/server';
import { PhaseFailed } from './phase-failed';
import { appliedStorage } from './applied-config';
import type { MigrationPlan, RunContext } from './run-context';
import { loadRun } from './run-store';

// Whether a run moves the packages: only when asked, when Packages is in force and the new settings name
// other storage. A resume continues a failed move's manifest, only towards the same storage from the same.

export async function planMigration(wanted: boolean, next: PackagesSettings, ctx: RunContext): Promise<MigrationPlan | null> {
  if (!wanted) return null;
  const source = await appliedStorage(ctx.env);
  if (!source || !next.enabled || !storageChangedIssue(next, source)) {
    ctx.recorder.event('INFO', 'migrationNotNeeded');
    return null;
  }
  return { source, journalRun: ctx.recorder.id };
}

const describe = (settings: PackagesSettings) => storageServer(settings.storageType).cliTarget(settings);

export async function resumePlan(runId: string, current: SettingsSnapshot, ctx: RunContext): Promise<MigrationPlan> {
  const run = await loadRun(ctx.env, runId);
  if (!run?.migration) throw new PhaseFailed({ code: 'migrationResumeUnknown', params: { run: runId } });
  if (run.state !== 'failed') throw new PhaseFailed({ code: 'migrationResumeNotFailed', params: { run: runId } });
  // The manifest proves objects on one target copied from one source: anything else would skip unproven objects.
  if (run.settingsVersion !== current.version) throw new PhaseFailed({ code: 'migrationResumeSettingsChanged', params: { run: runId, version: String(current.version) } });
  const source = await appliedStorage(ctx.env);
  if (!source || describe(source) !== run.migration.from || describe(current.packages) !== run.migration.to) {
    throw new PhaseFailed({ code: 'migrationResumeStorageChanged', params: { run: runId } });
  }
  ctx.recorder.event('INFO', 'migrationResumed', { run: runId });
  return { source, journalRun: run.migration.journalRun };
}
