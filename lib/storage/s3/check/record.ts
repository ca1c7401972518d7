import { record } from '@/lib/storage/check/record';
import type { CheckRun } from './check-run';
import { errorName } from './classify-error';
import type { Outcome } from '@/lib/storage/check/outcome';

// Recording an outcome is the shared lib/storage/check/record.ts; this is S3's own reading of one.

/** S3 authorizes before it looks the key or upload up: NoSuchUpload means the abort was allowed. */
export function recordAbortProof(run: CheckRun, outcome: Outcome<void>): void {
  const allowed = !outcome.ok && errorName(outcome.error) === 'NoSuchUpload';
  record(run, 's3:AbortMultipartUpload', allowed ? { ok: true, value: undefined } : outcome);
}
