import 'server-only';
import { lookupLocale, type MessageLookup } from '@/lib/i18n/lookup';
import { checkDescriber } from '@/lib/storage/check/describe';
import type { HealthCause, HealthOperation, HealthRecord, HealthState, OperationOutcome } from './types';

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
}

export function operationLabel(operation: HealthOperation, t: Lookup): string {
  return t(`StorageHealth.operations.${operation}`);
}

function issueText(code: string, params: Record<string, string> | undefined, storageType: string | undefined, t: Lookup): string {
  const { permission, ...rest } = params ?? {};
  const issue = permission ? { code, field: null, permission, params: rest } : { code, field: null, params: rest };
  return checkDescriber(storageType).issue(issue, t, lookupLocale(t)).message;
}

export function describeCause(cause: HealthCause, t: Lookup): string {
  const operation = cause.operation ? operationLabel(cause.operation, t) : '';
  switch (cause.code) {
    case 'operationFailed':
      return t('StorageHealth.causes.operationFailed', { operation, detail: issueText(cause.issue ?? 'unexpectedUnnamed', cause.params, cause.storageType, t) });
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
    operations: record.operations.map((outcome) => describeOperation(outcome, record.storageType, t)),
    certificateExpiresAt: record.certificateExpiresAt,
  };
}
