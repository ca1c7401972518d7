import type { ProxySettings } from '@/lib/network/proxy-env';
import type { PackagesField } from '@/lib/settings/schema';

// The seven permissions the seed documents require, in the documents' order.
export const PERMISSIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:ListBucket',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type PermissionStatus = 'pass' | 'fail' | 'not-run';

export interface PermissionResult {
  permission: Permission;
  status: PermissionStatus;
  /** Why it failed or did not run: a `StorageCheck.issues` message code. */
  code?: string;
}

/** Where a problem should be shown: a form field, the server clock, or the outbound proxy. */
export type IssueTarget = PackagesField | 'clock' | 'proxy' | null;

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
  /** host:port of the proxy the check's requests went through (never its credentials); absent without one. */
  proxy?: string;
}

export interface StorageTarget {
  serviceUrl: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string; // '' = auto
  pathStyle: 'auto' | 'path' | 'virtual';
}

export interface StorageCheckOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The storage saved before, when Packages is enabled: a change yields a `storageChanged` warning. */
  saved?: Pick<StorageTarget, 'serviceUrl' | 'bucket'> | null;
  /** 'sequential' sends one request at a time: only for measuring what the parallel rounds save. */
  schedule?: 'parallel' | 'sequential';
  /** Extra trusted CAs (PEM) and the proxy; the proxy defaults to the environment's (lib/env.ts). */
  network?: { caPems?: readonly string[]; proxy?: ProxySettings };
  /** false: prove DeleteObject/AbortMultipartUpload before writing even if these keys passed moments ago. */
  reuseCleanupProof?: boolean;
}
