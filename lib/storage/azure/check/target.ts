import type { CheckOptions, PermissionResult, PermissionStatus, StorageCheckIssue, StorageCheckResult } from '@/lib/storage/check/types';
import type { AzureField } from '../fields';
import type { AzureOperation } from '../sas';

// The Azure check's result: the shared check shapes (lib/storage/check/types.ts), with the Blob REST
// operation in each row's `permission` field and Azure's fields as issue targets.

export type AzureRowStatus = PermissionStatus;

/** A row; its `code` is one of `AzureStorage.issues` (or `AzureStorage.validation`). */
export type AzureCheckRow = PermissionResult<AzureOperation>;

/** Where a problem should be shown: a form field, the server clock, or the outbound proxy. */
export type AzureIssueTarget = AzureField | 'clock' | 'proxy' | null;

/** ICU arguments are never a secret; dates are ISO strings, see localizeDateParams. */
export type AzureCheckIssue = StorageCheckIssue<AzureIssueTarget, AzureOperation>;

export type AzureCheckResult = StorageCheckResult<AzureIssueTarget, AzureOperation>;

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
