import type { CheckIdentity, IssueTarget, Permission, PermissionStatus } from './types';

// A check's result in the reader's language, as the API routes answer it and the page shows it.

export interface ApiIssue {
  field: IssueTarget | string;
  code: string;
  message: string;
  permission?: Permission;
  /** A policy document that fixes it (a role's trust policy), for copying. */
  policy?: string;
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
  /** What grants the permissions (S3: the minimal IAM policy, or the bucket policy naming the role), from the storage type. */
  help: { title: string; text: string; related: { title: string; text: string }[] } | null;
  /** host:port of the outbound proxy the check went through. */
  proxy?: string;
  /** Who the check ran as and where its credentials came from, with that said in the caller's language. */
  identity: LocalizedIdentity | null;
}

export type LocalizedIdentity = CheckIdentity & { summary: string };
