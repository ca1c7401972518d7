import type { Progress } from '@/lib/migration';
import type { FieldProblem } from '@/lib/settings/schema';
import type { StorageCheckIssue, StorageCheckResult } from '@/lib/storage/check/types';

// A configuration run as it is stored (data/config-runs/<id>.json). Everything here is codes and
// parameters, never prose and never a secret: runs are localized when read, in the reader's language.

export const RUN_PHASES = ['validate', 'check', 'write', 'apply', 'verify'] as const;
/** A run that moves the packages to new storage copies them between saving the settings and applying them. */
export const MIGRATION_PHASES = ['inventory', 'copy', 'copyVerify', 'finalCopy'] as const;
export const ALL_PHASES = [...RUN_PHASES, ...MIGRATION_PHASES] as const;
export type RunPhaseName = (typeof ALL_PHASES)[number];
export type PhaseState = 'pending' | 'running' | 'done' | 'failed';
export type RunState = 'running' | 'succeeded' | 'failed';
export type RunSource = 'console' | 'api' | 'cli';
export type RunSeverity = 'INFO' | 'WARNING' | 'ERROR';

/** Why a phase failed: a `ConfigRun.errors` code, plus field problems or the storage check that explain it. */
export interface PhaseFailure {
  code: string;
  params?: Record<string, string>;
  problems?: FieldProblem[];
  check?: StorageCheckResult;
}

export interface RunPhase {
  name: RunPhaseName;
  state: PhaseState;
  startedAt: string | null;
  finishedAt: string | null;
  failure?: PhaseFailure;
}

export interface RunEvent {
  seq: number;
  timestamp: string;
  severity: RunSeverity;
  phase: RunPhaseName | null;
  /** A `ConfigRun.events` code; `storageIssue` events carry the check's issue instead. */
  code: string;
  params?: Record<string, string>;
  issue?: StorageCheckIssue;
}

/** Objects and bytes done of the total in the copy or a verify, with the rate and the time left. */
export type MigrationProgress = Progress;

/** An object that could not be copied or proven: its key and a neutral cause (lib/migration's codes). */
export interface MigrationFailure {
  key: string;
  code: string;
  status?: number;
}

/** A run that moves the packages: where from and to (as the CLI names storage, no secret), and how far it got. */
export interface RunMigration {
  from: string;
  to: string;
  /** The run whose resume manifest this one continues: itself, or the failed run it resumes. */
  journalRun: string;
  ecosystems: { id: string; objects: number; bytes: number }[];
  progress: MigrationProgress | null;
  copied: number;
  skipped: number;
  verified: number;
  /** The first failures (at most MAX_MIGRATION_FAILURES), and how many there were. */
  failures: MigrationFailure[];
  failureCount: number;
}

export const MAX_MIGRATION_FAILURES = 20;

export interface ConfigRunRecord {
  format: 1;
  id: string;
  source: RunSource;
  actor: string;
  createdAt: string;
  finishedAt: string | null;
  state: RunState;
  /** The settings version this run wrote or applied, once known. */
  settingsVersion: number | null;
  phases: RunPhase[];
  events: RunEvent[];
  migration?: RunMigration;
}

/** Run ids are 16 hex digits; anything else is refused before it gets near a file name. */
export const RUN_ID_PATTERN = /^[0-9a-f]{16}$/;

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}

/** Percent complete: finished phases count whole, the running one half. */
export function runProgress(phases: readonly Pick<RunPhase, 'state'>[]): number {
  const done = phases.filter((phase) => phase.state === 'done').length;
  const running = phases.some((phase) => phase.state === 'running' || phase.state === 'failed') ? 0.5 : 0;
  return Math.round(((done + running) / Math.max(phases.length, 1)) * 100);
}
