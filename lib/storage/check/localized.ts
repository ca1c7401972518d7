import type { IssueTarget, Permission, PermissionStatus } from './types';

// A check's result in the reader's language, as the API routes answer it and the page shows it.

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
}
