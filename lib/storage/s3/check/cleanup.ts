import 'server-only';
import type { CheckRun } from './check-run';
import { DENIAL_CODES, errorName } from './classify-error';
import { record } from '@/lib/storage/check/record';
import { recordAbortProof } from './record';
import { abortUpload, deleteObject, listUploads, type ProbeContext } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';
import type { Permission } from '@/lib/storage/check/types';

/**
 * The last round, and the cleanup after any failure, on `signal`: its own short budget, not the
 * caller's (lib/storage/check/deadline.ts). When removal was not proven up front and nothing was
 * written to remove, it proves the permission here instead.
 */
export async function cleanUp(run: CheckRun, signal: AbortSignal): Promise<void> {
  const proveDelete = !run.objectMayExist && undecided(run, 's3:DeleteObject');
  const proveAbort = !run.upload && undecided(run, 's3:AbortMultipartUpload');
  if (!run.objectMayExist && !run.upload && !proveDelete && !proveAbort) return;
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
  else if (permission && DENIAL_CODES.has(issue.code)) run.report.fail(permission, issue);
  else run.report.error(issue);
  return issue.code;
}
