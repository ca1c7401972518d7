import 'server-only';
import { errorName, type ClassifiedError } from './classify-error';
import type { ProbeKeys } from './probe-keys';
import { recordAbortProof, record } from './probe-rounds';
import { abortUpload, deleteObject, listUploads, type Outcome, type ProbeContext } from './probes';
import type { CheckReport } from '@/lib/storage/check/report';
import type { Deadline } from '@/lib/storage/check/deadline';
import type { RunAll } from '@/lib/storage/check/run-all';
import type { Permission } from '@/lib/storage/check/types';
import type { StorageTarget } from './target';

/**
 * After the deadline has passed, cleanup still gets this long: enough for a healthy store to answer
 * two small requests, short enough that a hanging endpoint ends the check within ~1 s of its limit.
 */
export const CLEANUP_GRACE_MS = 750;

export interface CheckRun {
  target: StorageTarget;
  report: CheckReport;
  deadline: Deadline;
  keys: ProbeKeys;
  probe: ProbeContext;
  /** PutObject succeeded, or its outcome is unknown. */
  objectMayExist: boolean;
  /** CreateMultipartUpload succeeded (id), or its outcome is unknown (id null). */
  upload: { id: string | null } | null;
  classify: (error: unknown, permission?: Permission) => ClassifiedError;
  /** Runs a round's independent requests: all at once, or one after another for the benchmark. */
  all: RunAll;
}

export { runInParallel, runInSequence, type RunAll } from '@/lib/storage/check/run-all';

/**
 * The last round, and the cleanup after any failure. It deliberately ignores the caller's signal: a
 * cancelled check must not leave a probe behind, so it runs on its own short budget. When removal was
 * not proven up front and nothing was written to remove, it proves the permission here instead.
 */
export async function cleanUp(run: CheckRun): Promise<void> {
  const proveDelete = !run.objectMayExist && undecided(run, 's3:DeleteObject');
  const proveAbort = !run.upload && undecided(run, 's3:AbortMultipartUpload');
  if (!run.objectMayExist && !run.upload && !proveDelete && !proveAbort) return;
  const signal = AbortSignal.timeout(Math.max(run.deadline.remainingMs(), CLEANUP_GRACE_MS));
  const probe: ProbeContext = { ...run.probe, signal };
  await run.all([
    async () => (proveDelete ? record(run, 's3:DeleteObject', await deleteObject(probe, run.keys.objectKey)) : cleanUpObject(run, probe)),
    async () =>
      proveAbort ? recordAbortProof(run, await abortUpload(probe, run.keys.uploadKey, run.keys.fakeUploadId)) : cleanUpUpload(run, probe),
  ]);
}

function undecided(run: CheckRun, permission: Permission): boolean {
  return !run.report.fatal && run.report.status(permission) === undefined;
}

async function cleanUpObject(run: CheckRun, probe: ProbeContext): Promise<void> {
  if (!run.objectMayExist) return;
  const deleted = await deleteObject(probe, run.keys.objectKey);
  if (deleted.ok) return run.report.pass('s3:DeleteObject');
  const reason = blame(run, 's3:DeleteObject', deleted);
  run.report.error({ code: 'cleanupObjectFailed', field: null, params: { key: run.keys.objectKey, reason } });
}

async function cleanUpUpload(run: CheckRun, probe: ProbeContext): Promise<void> {
  if (!run.upload) return;
  const key = run.keys.uploadKey;
  let ids = run.upload.id ? [run.upload.id] : [];
  if (!run.upload.id) {
    // CreateMultipartUpload got no answer: find out whether it happened by listing our own key.
    const found = await listUploads(probe, key);
    if (!found.ok) {
      const reason = blame(run, null, found);
      run.report.error({ code: 'cleanupUploadFailed', field: null, params: { key, uploadId: '?', reason } });
      return;
    }
    ids = found.value.filter((upload) => upload.key === key).map((upload) => upload.uploadId);
  }
  const results = await Promise.all(ids.map(async (uploadId) => ({ uploadId, outcome: await abortUpload(probe, key, uploadId) })));
  for (const { uploadId, outcome } of results) {
    if (outcome.ok) run.report.pass('s3:AbortMultipartUpload');
    // Already gone (expired or aborted by someone else) is as good as aborted.
    if (outcome.ok || errorName(outcome.error) === 'NoSuchUpload') continue;
    const reason = blame(run, 's3:AbortMultipartUpload', outcome);
    run.report.error({ code: 'cleanupUploadFailed', field: null, params: { key, uploadId, reason } });
  }
}

/** A denied cleanup call means the permission does not work after all; other errors are reported once. */
function blame(run: CheckRun, permission: Permission | null, outcome: Outcome<unknown> & { ok: false }): string {
  const { fatal, issue } = run.classify(outcome.error, permission ?? undefined);
  if (fatal) run.report.setFatal(issue);
  else if (permission && issue.code === 'permissionDenied') run.report.fail(permission, issue);
  else run.report.error(issue);
  return issue.code;
}
