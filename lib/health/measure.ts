import type { Deadline } from '@/lib/storage/check/deadline';
import { attempt, type Outcome } from '@/lib/storage/check/outcome';
import type { HealthOperation, OperationOutcome } from './types';

// What every storage type's health probe does around its own requests: time each operation, record a
// pass or the failure its classifier names, and mark what could not run.

export interface MeasuredRun {
  deadline: Deadline;
  operations: OperationOutcome[];
}

/** A failure as a type's classifier names it (the check's issue for the same error). */
export interface HealthIssue {
  code: string;
  params?: Record<string, string>;
  permission?: string;
}

const CONTENT_MISMATCH = 'ContentMismatch';

/** Thrown by a read that got other bytes than were written; `shape` makes it look like its SDK's errors to the classifier. */
export function contentMismatch(shape: object): Error {
  return Object.assign(new Error('read back other content'), { name: CONTENT_MISMATCH }, shape);
}

export async function measureOperation<T>(
  run: MeasuredRun,
  operation: HealthOperation,
  send: (signal: AbortSignal) => Promise<T>,
  classify: (error: unknown) => HealthIssue,
): Promise<Outcome<T>> {
  const started = performance.now();
  const outcome = await attempt(() => send(run.deadline.signal));
  const latencyMs = Math.round(performance.now() - started);
  if (outcome.ok) {
    run.operations.push({ operation, status: 'pass', latencyMs });
    return outcome;
  }
  const issue = classify(outcome.error);
  const code = (outcome.error as { name?: string }).name === CONTENT_MISMATCH ? 'objectMismatch' : issue.code;
  const params = { ...issue.params, ...(issue.permission ? { permission: issue.permission } : {}) };
  run.operations.push({ operation, status: 'fail', code, latencyMs, ...(Object.keys(params).length > 0 ? { params } : {}) });
  return outcome;
}

export function notRunOperation(operations: OperationOutcome[], operation: HealthOperation, code: string): void {
  operations.push({ operation, status: 'not-run', code, latencyMs: null });
}

/** The list failed and nothing else was tried (no credentials, a damaged secret, the deadline). */
export function notRunAfterList(operations: OperationOutcome[]): OperationOutcome[] {
  for (const operation of ['write', 'read', 'delete'] as const) notRunOperation(operations, operation, 'notRunEarlierFailure');
  return operations;
}
