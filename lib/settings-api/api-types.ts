import type { LocalizedRun } from '@/lib/config-run/localize-run';
import type { ApiIssue, LocalizedCheckResult } from '@/lib/storage/check/localized';

// JSON shapes exchanged between the browser (or a script) and the console's API routes.

export type { ApiIssue, LocalizedCheckResult } from '@/lib/storage/check/localized';

export interface ApiErrorBody {
  message: string;
  errors: ApiIssue[];
  check?: LocalizedCheckResult;
  currentVersion?: number;
  confirmRequired?: boolean;
  /** The run that refused the input (its validate phase failed), or the run already in progress. */
  run?: LocalizedRun;
  runId?: string;
}

/** Save settings starts a configuration run (lib/config-run); the page follows it live. */
export interface SaveStartedBody {
  run: LocalizedRun;
}

export interface CheckSuccessBody {
  check: LocalizedCheckResult;
}
