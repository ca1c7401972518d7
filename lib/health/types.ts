// Storage health: what one scheduled check of the configuration in force found, and what is kept of it.
// Codes are the storage check's (`<type namespace>.issues`), so a failure reads the same in both places.

import type { EcosystemState } from '@/lib/services/status';
import type { EcosystemMode } from '@/lib/services/types';
import type { CheckOptions } from '@/lib/storage/check/types';

export const HEALTH_OPERATIONS = ['list', 'write', 'read', 'delete'] as const;
export type HealthOperation = (typeof HEALTH_OPERATIONS)[number];

export const HEALTH_STATES = ['healthy', 'degraded', 'failing', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface OperationOutcome {
  operation: HealthOperation;
  status: 'pass' | 'fail' | 'not-run';
  /** Why it failed or did not run: an `issues` code of the storage type's namespace. */
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
  | 'configUnreadable'
  | 'serviceDown';

export interface HealthCause {
  code: HealthCauseCode;
  operation?: HealthOperation;
  /** The failed operation's storage check code, in the texts of `storageType`. */
  issue?: string;
  storageType?: string;
  params?: Record<string, string>;
  /** serviceDown: the first ecosystem found down, and why. */
  ecosystem?: string;
  error?: ServiceProbeError;
}

/** Why a service probe failed: no answer in time, connection refused, another network error, an answer other than 200. */
export const SERVICE_PROBE_ERRORS = ['timeout', 'refused', 'unreachable', 'httpStatus'] as const;
export type ServiceProbeError = (typeof SERVICE_PROBE_ERRORS)[number];

/** One packages service reached through its front (what an admin's users reach), as kept in the history. */
export interface ServiceProbe {
  /** The ecosystem's id (lib/services/<id>/). */
  ecosystem: string;
  up: boolean;
  /** How long the probe took, answer or failure (a timeout takes the whole timeout). */
  latencyMs: number;
  /** What the supervisor said of it (data/services/status.json) when probed. */
  mode: EcosystemMode;
  state: EcosystemState;
  /** Restarts after crashes of the current instance, as the supervisor counted them. */
  restarts: number;
  error?: ServiceProbeError;
  /** The status the front answered with, when `error` is httpStatus. */
  httpStatus?: number;
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
  /** The packages services that should be serving (Enabled or Read-Only); absent in records written before services were probed. */
  services?: ServiceProbe[];
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
