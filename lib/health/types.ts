// Storage health: what one scheduled check of the configuration in force found, and what is kept of it.
// Codes are the storage check's (`StorageCheck.issues`), so a failure reads the same in both places.

import type { CheckOptions } from '@/lib/storage/check/types';

export const HEALTH_OPERATIONS = ['list', 'write', 'read', 'delete'] as const;
export type HealthOperation = (typeof HEALTH_OPERATIONS)[number];

export const HEALTH_STATES = ['healthy', 'degraded', 'failing', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface OperationOutcome {
  operation: HealthOperation;
  status: 'pass' | 'fail' | 'not-run';
  /** Why it failed or did not run: a `StorageCheck.issues` code. */
  code?: string;
  /** ICU arguments of the code's message (host, seconds…), never a secret. */
  params?: Record<string, string>;
  latencyMs: number | null;
}

export interface HealthProbeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** The configuration's trusted CAs; the proxy defaults to the environment's, as in the check. */
  network?: CheckOptions['network'];
}

/** What a storage type's health probe (its StorageServer.healthProbe) returns. */
export interface HealthProbeResult {
  operations: OperationOutcome[];
  /** ISO time the endpoint's TLS certificate expires; null over plain HTTP or when it could not be read. */
  certificateExpiresAt: string | null;
}

export type HealthCauseCode =
  | 'notConfigured'
  | 'notChecked'
  | 'allPassed'
  | 'operationFailed'
  | 'slowOperation'
  | 'certificateExpiring'
  | 'configUnreadable';

export interface HealthCause {
  code: HealthCauseCode;
  operation?: HealthOperation;
  /** The failed operation's storage check code, in the texts of `storageType`. */
  issue?: string;
  storageType?: string;
  params?: Record<string, string>;
}

/** One check, as kept in the history file. */
export interface HealthRecord extends HealthProbeResult {
  checkedAt: string;
  state: HealthState;
  cause: HealthCause;
  /** The configuration run whose result was checked. */
  runId: string | null;
  /** The storage type checked, whose texts describe its codes (absent when nothing was in force). */
  storageType?: string;
}

export interface HealthStateChange {
  at: string;
  from: HealthState;
  to: HealthState;
  cause: HealthCause;
}

export interface HealthHistory {
  records: HealthRecord[];
  changes: HealthStateChange[];
}
