import type { CheckOptions } from '@/lib/storage/check/types';
import type { AzureField } from './fields';
import type { AzureOperation } from './sas';

// The Azure check's result: the same JSON shape as the S3 check's, with the Blob REST operation
// in each row's `permission` field.

export type AzureRowStatus = 'pass' | 'fail' | 'not-run';

export interface AzureCheckRow {
  permission: AzureOperation;
  status: AzureRowStatus;
  /** Why it failed or did not run: a code of `AzureStorage.issues` (or `AzureStorage.validation`). */
  code?: string;
}

/** Where a problem should be shown: a form field, or the server clock. */
export type AzureIssueTarget = AzureField | 'clock' | 'proxy' | null;

export interface AzureCheckIssue {
  code: string;
  field: AzureIssueTarget;
  permission?: AzureOperation;
  /** ICU arguments (never a secret); dates are ISO strings, see localizeDateParams. */
  params?: Record<string, string>;
}

export interface AzureCheckResult {
  ok: boolean;
  permissions: AzureCheckRow[];
  errors: AzureCheckIssue[];
  warnings: AzureCheckIssue[];
  durationMs: number;
  /** host:port of the outbound proxy the requests went through (never its credentials). */
  proxy?: string;
}

export interface AzureTarget {
  containerName: string;
  connectionString: string;
}

export interface AzureCheckOptions {
  /** Extra trusted CAs (PEM) and the proxy; the proxy defaults to the environment's (lib/env.ts). */
  network?: CheckOptions['network'];
  /** Deadline of the whole check, in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** false: prove Delete Blob before writing even if these credentials passed moments ago. */
  reuseCleanupProof?: boolean;
  /** The time the SAS expiry is judged against (tests). */
  now?: Date;
}
