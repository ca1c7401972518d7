import 'server-only';
import { lookupLocale, type MessageLookup } from '@/lib/i18n/lookup';
import { checkDescriber } from '@/lib/storage/check/describe';
import type { HealthCause, HealthOperation, HealthRecord, HealthState, OperationOutcome, ServiceProbe, ServiceProbeError } from './types';

// Health records in the reader's language, for the page, the header, the Manage API and the CLI. A
// failed operation's code reads as the storage check of its storage type says it.

export type Lookup = MessageLookup;

export interface DescribedOperation {
  operation: HealthOperation;
  label: string;
  status: OperationOutcome['status'];
  code: string | null;
  message: string | null;
  latencyMs: number | null;
}

export interface HealthView {
  state: HealthState;
  stateLabel: string;
  cause: { code: string; message: string };
  checkedAt: string | null;
  operations: DescribedOperation[];
  certificateExpiresAt: string | null;
  services: DescribedServiceProbe[];
}

export interface DescribedServiceProbe extends ServiceProbe {
  /** The ecosystem's name (Ecosystems.<id>.name). */
  name: string;
  /** Up or Down. */
  statusLabel: string;
  /** The supervisor's state in words (as on the Services page). */
  stateLabel: string;
  /** Why it is down, null when up. */
  message: string | null;
}

export function operationLabel(operation: HealthOperation, t: Lookup): string {
  return t(`StorageHealth.operations.${operation}`);
}

function issueText(code: string, params: Record<string, string> | undefined, storageType: string | undefined, t: Lookup): string {
  const { permission, ...rest } = params ?? {};
  const issue = permission ? { code, field: null, permission, params: rest } : { code, field: null, params: rest };
  return checkDescriber(storageType).issue(issue, t, lookupLocale(t)).message;
}

function serviceErrorText(error: ServiceProbeError, httpStatus: string | undefined, t: Lookup): string {
  return t(`StorageHealth.serviceErrors.${error}`, { status: httpStatus ?? '' });
}

export function describeCause(cause: HealthCause, t: Lookup): string {
  const operation = cause.operation ? operationLabel(cause.operation, t) : '';
  switch (cause.code) {
    case 'operationFailed':
      return t('StorageHealth.causes.operationFailed', { operation, detail: issueText(cause.issue ?? 'unexpectedUnnamed', cause.params, cause.storageType, t) });
    case 'slowOperation':
      return t('StorageHealth.causes.slowOperation', { operation, ms: cause.params?.ms ?? '', limit: cause.params?.limit ?? '' });
    case 'serviceDown':
      return t('StorageHealth.causes.serviceDown', {
        name: t(`Ecosystems.${cause.ecosystem ?? ''}.name`),
        reason: serviceErrorText(cause.error ?? 'unreachable', cause.params?.status, t),
      });
    case 'certificateExpiring':
      return t('StorageHealth.causes.certificateExpiring', { days: cause.params?.days ?? '' });
    default:
      return t(`StorageHealth.causes.${cause.code}`);
  }
}

export function stateLabel(state: HealthState, t: Lookup): string {
  return t(`StorageHealth.states.${state}`);
}

export function describeOperation(outcome: OperationOutcome, storageType: string | undefined, t: Lookup): DescribedOperation {
  return {
    operation: outcome.operation,
    label: operationLabel(outcome.operation, t),
    status: outcome.status,
    code: outcome.code ?? null,
    message: outcome.code ? issueText(outcome.code, outcome.params, storageType, t) : null,
    latencyMs: outcome.latencyMs,
  };
}

export function describeServiceProbe(probe: ServiceProbe, t: Lookup): DescribedServiceProbe {
  return {
    ...probe,
    name: t(`Ecosystems.${probe.ecosystem}.name`),
    statusLabel: t(probe.up ? 'StorageHealth.serviceUp' : 'StorageHealth.serviceDown'),
    stateLabel: t(`ServicesPage.states.${probe.state}`),
    message: probe.up ? null : serviceErrorText(probe.error ?? 'unreachable', probe.httpStatus === undefined ? undefined : String(probe.httpStatus), t),
  };
}

/** One packages service as the check found it at its public URL (snake_case, words beside codes). The Manage API and `cli storage health --json`. */
export function serviceProbeJson(probe: DescribedServiceProbe) {
  return {
    ecosystem: probe.ecosystem,
    name: probe.name,
    up: probe.up,
    latency_ms: probe.latencyMs,
    mode: probe.mode,
    state: probe.state,
    restarts: probe.restarts,
    error: probe.error ?? null,
    http_status: probe.httpStatus ?? null,
    message: probe.message,
  };
}

/** The latest record, or "not checked yet" when there is none. */
export function describeHealth(record: HealthRecord | undefined, t: Lookup): HealthView {
  if (!record) {
    return { state: 'unknown', stateLabel: stateLabel('unknown', t), cause: { code: 'notChecked', message: describeCause({ code: 'notChecked' }, t) }, checkedAt: null, operations: [], certificateExpiresAt: null, services: [] };
  }
  return {
    state: record.state,
    stateLabel: stateLabel(record.state, t),
    cause: { code: record.cause.code, message: describeCause(record.cause, t) },
    checkedAt: record.checkedAt,
    operations: record.operations.map((outcome) => describeOperation(outcome, record.storageType, t)),
    certificateExpiresAt: record.certificateExpiresAt,
    services: (record.services ?? []).map((probe) => describeServiceProbe(probe, t)),
  };
}
