import type { LocalizedMigration } from '@/lib/config-run/localize-migration';
import type { LocalizedRun } from '@/lib/config-run/localize-run';

// A localized run in the Manage API's snake_case (also the CLI's --json): GET /config/apply,
// GET /config/runs/{id}.

export function migrationJson(migration: LocalizedMigration | null) {
  if (!migration) return null;
  const { progress } = migration;
  return {
    from: migration.from,
    to: migration.to,
    journal_run: migration.journalRun,
    ecosystems: migration.ecosystems,
    total: migration.total,
    progress: progress && {
      phase: progress.phase,
      objects_done: progress.objectsDone,
      objects_total: progress.objectsTotal,
      bytes_done: progress.bytesDone,
      bytes_total: progress.bytesTotal,
      bytes_per_second: progress.bytesPerSecond,
      seconds_left: progress.secondsLeft,
      percent: progress.percent,
      rate: progress.rate,
    },
    copied: migration.copied,
    skipped: migration.skipped,
    verified: migration.verified,
    failures: migration.failures,
    failure_count: migration.failureCount,
  };
}

export function runStatusJson(run: LocalizedRun) {
  return {
    run_id: run.id,
    running: run.running,
    successful: run.successful,
    settings_version: run.settingsVersion,
    summary: run.summary,
    phases: run.phases.map((phase) => ({
      name: phase.name,
      label: phase.label,
      state: phase.state,
      started_at: phase.startedAt,
      finished_at: phase.finishedAt,
      error: phase.error,
    })),
    migration: migrationJson(run.migration),
  };
}
