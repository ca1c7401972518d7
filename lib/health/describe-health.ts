import { describeIssue, type Translate } from '@/lib/storage/check/describe-issue';
import type { HealthCause, HealthOperation, HealthRecord, HealthState, OperationOutcome } from './types';

// Health records in the reader's language, for the page, the header, the Manage API and the CLI. No
// server-only: the page's components use it too. `t` looks up any key of the message tree.

export type Lookup = (key: string, params?: Record<string, string | number>) => string;

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
}

function storageCheck(t: Lookup): Translate {
  return (key, params) => t(`StorageCheck.${key}`, params);
}

export function operationLabel(operation: HealthOperation, t: Lookup): string {
  return t(`StorageHealth.operations.${operation}`);
}

function issueText(code: string, params: Record<string, string> | undefined, t: Lookup): string {
  const { permission, ...rest } = params ?? {};
  const issue = permission ? { code, field: null, permission: permission as never, params: rest } : { code, field: null, params: rest };
  return describeIssue(issue, storageCheck(t)).message;
}

export function describeCause(cause: HealthCause, t: Lookup): string {
  const operation = cause.operation ? operationLabel(cause.operation, t) : '';
  switch (cause.code) {
    case 'operationFailed':
      return t('StorageHealth.causes.operationFailed', { operation, detail: issueText(cause.issue ?? 'unexpectedUnnamed', cause.params, t) });
    case 'slowOperation':
      return t('StorageHealth.causes.slowOperation', { operation, ms: cause.params?.ms ?? '', limit: cause.params?.limit ?? '' });
    case 'certificateExpiring':
      return t('StorageHealth.causes.certificateExpiring', { days: cause.params?.days ?? '' });
    default:
      return t(`StorageHealth.causes.${cause.code}`);
  }
}

export function stateLabel(state: HealthState, t: Lookup): string {
  return t(`StorageHealth.states.${state}`);
}

export function describeOperation(outcome: OperationOutcome, t: Lookup): DescribedOperation {
  return {
    operation: outcome.operation,
    label: operationLabel(outcome.operation, t),
    status: outcome.status,
    code: outcome.code ?? null,
    message: outcome.code ? issueText(outcome.code, outcome.params, t) : null,
    latencyMs: outcome.latencyMs,
  };
}

/** The latest record, or "not checked yet" when there is none. */
export function describeHealth(record: HealthRecord | undefined, t: Lookup): HealthView {
  if (!record) {
    return { state: 'unknown', stateLabel: stateLabel('unknown', t), cause: { code: 'notChecked', message: describeCause({ code: 'notChecked' }, t) }, checkedAt: null, operations: [], certificateExpiresAt: null };
  }
  return {
    state: record.state,
    stateLabel: stateLabel(record.state, t),
    cause: { code: record.cause.code, message: describeCause(record.cause, t) },
    checkedAt: record.checkedAt,
    operations: record.operations.map((outcome) => describeOperation(outcome, t)),
    certificateExpiresAt: record.certificateExpiresAt,
  };
}
