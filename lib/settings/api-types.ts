import type { LocalizedRun } from '@/lib/config-run/localize-run';
import type { Permission, PermissionStatus, IssueTarget } from '@/lib/storage/check/types';

// JSON shapes exchanged between the browser (or a script) and the console's API routes.

export interface ApiIssue {
  field: IssueTarget | string;
  code: string;
  message: string;
  permission?: Permission;
}

export interface LocalizedCheckResult {
  ok: boolean;
  durationMs: number;
  /** What the check worked on (bucket, container). */
  subject: string;
  /** The summary of a passed check, in the storage type's words. */
  passedMessage: string;
  permissions: { permission: Permission; status: PermissionStatus; message: string | null }[];
  errors: ApiIssue[];
  warnings: ApiIssue[];
  /** What grants the permissions (S3: the minimal IAM policy), from the storage type. */
  help: { title: string; text: string } | null;
  /** host:port of the outbound proxy the check went through. */
  proxy?: string;
}

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
