import type { PackagesField } from '@/lib/settings/fields';

/** A row of the check's table: what the storage type's service must allow (an S3 action, a Blob operation). */
export type Permission = string;
export type PermissionStatus = 'pass' | 'fail' | 'not-run';

export interface PermissionResult {
  permission: Permission;
  status: PermissionStatus;
  /** Why it failed or did not run: a `StorageCheck.issues` message code. */
  code?: string;
}

/** Where a problem should be shown: a form field, or the server clock. */
export type IssueTarget = PackagesField | 'clock' | null;

export interface StorageCheckIssue {
  /** Message code in the `StorageCheck.issues` namespace of messages/*.json. */
  code: string;
  field: IssueTarget;
  permission?: Permission;
  /** ICU arguments for the message (never a secret). */
  params?: Record<string, string>;
}

export interface StorageCheckResult {
  ok: boolean;
  permissions: PermissionResult[];
  errors: StorageCheckIssue[];
  warnings: StorageCheckIssue[];
  durationMs: number;
  /** The storage type checked and what it worked on (bucket, container): set by the core's checkStorage. */
  storageType?: string;
  subject?: string;
}

export interface CheckOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** false: prove removal before writing even if the same credentials passed moments ago. */
  reuseCleanupProof?: boolean;
}
