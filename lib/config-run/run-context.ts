import type { ConsoleEnv } from '@/lib/env';
import type { RestoreRequest } from '@/lib/history/restore';
import type { ServicesGateway } from '@/lib/services/gateway';
import type { PackagesSettings } from '@/lib/settings/types';
import type { RunRecorder } from './run-recorder';

// What a configuration run is asked and what its phases share: the request, the run's context, and the
// plan of a storage move. Types only, so that every phase's module can name them without importing another.

/**
 * A save from the console (the form's submission), a restore of a kept version, or an apply of the
 * settings already saved: `migrate` copies the packages to the new storage first, `resume` continues
 * the copy of a failed run (its settings must still be the saved ones).
 */
export type RunRequest = { kind: 'save'; body: unknown } | ({ kind: 'restore' } & RestoreRequest) | { kind: 'apply'; migrate?: boolean; resume?: string };

export interface RunContext {
  env: ConsoleEnv;
  actor: string;
  signal: AbortSignal;
  recorder: RunRecorder;
  /** The services holding this run's new instances, until they are committed or discarded. */
  staged?: ServicesGateway | null;
}


/** A run that copies the packages from the storage in force to the new one. */
export interface MigrationPlan {
  /** The storage in force, secrets opened: where the packages are copied from. */
  source: PackagesSettings;
  /** The run whose resume manifest is continued (this run's own for a new move). */
  journalRun: string;
}
