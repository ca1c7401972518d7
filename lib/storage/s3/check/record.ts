import type { Permission } from '@/lib/storage/check/types';
import type { CheckRun } from './check-run';
import { errorName } from './classify-error';
import type { Outcome } from '@/lib/storage/check/outcome';

/** Records one outcome against one permission; returns whether it passed. */
export function record(run: CheckRun, permission: Permission, outcome: Outcome<unknown>): boolean {
  if (outcome.ok) {
    run.report.pass(permission);
    return true;
  }
  const { fatal, issue } = run.classify(outcome.error, permission);
  if (fatal) run.report.setFatal(issue);
  else run.report.fail(permission, issue);
  return false;
}

/** S3 authorizes before it looks the key or upload up: NoSuchUpload means the abort was allowed. */
export function recordAbortProof(run: CheckRun, outcome: Outcome<void>): void {
  const allowed = !outcome.ok && errorName(outcome.error) === 'NoSuchUpload';
  record(run, 's3:AbortMultipartUpload', allowed ? { ok: true, value: undefined } : outcome);
}
