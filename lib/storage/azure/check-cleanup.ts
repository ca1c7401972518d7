import 'server-only';
import { azureErrorCode } from './classify-error';
import type { AzureRun } from './check-run';
import { CLEANUP_GRACE_MS } from '@/lib/storage/check/deadline';
import { deleteBlob, putBlob, type AzureProbeContext } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';

/**
 * The last round, and the cleanup after any failure. It ignores the caller's signal on purpose: a
 * cancelled check must not leave a probe behind, so it runs on its own short budget. Staged blocks
 * that were never committed cannot be deleted (there is no blob yet): a Put Blob over them discards
 * them, then the blob it made is deleted.
 */
export async function cleanUpAzure(run: AzureRun, remainingMs: number): Promise<void> {
  if (!run.blobMayExist && run.blockBlob === 'none') return;
  const probe: AzureProbeContext = { ...run.probe, signal: AbortSignal.timeout(Math.max(remainingMs, CLEANUP_GRACE_MS)) };
  await run.all([
    async () => (run.blobMayExist ? removeBlob(run, probe, run.names.blob) : null),
    async () => (run.blockBlob !== 'none' ? removeBlockBlob(run, probe) : null),
  ]);
}

async function removeBlockBlob(run: AzureRun, probe: AzureProbeContext): Promise<void> {
  if (run.blockBlob !== 'committed') {
    const replaced = await putBlob(probe, run.names.blockBlob, '');
    if (!replaced.ok) return void failed(run, run.names.blockBlob, replaced);
  }
  await removeBlob(run, probe, run.names.blockBlob);
}

async function removeBlob(run: AzureRun, probe: AzureProbeContext, name: string): Promise<void> {
  const deleted = await deleteBlob(probe, name);
  // Not there (a write that never landed) is as good as deleted.
  if (deleted.ok || azureErrorCode(deleted.error) === 'BlobNotFound') return run.report.pass('Delete Blob');
  failed(run, name, deleted);
}

/** A denied cleanup means Delete Blob does not work after all; the probe left behind is named. */
function failed(run: AzureRun, name: string, outcome: Outcome<unknown> & { ok: false }): void {
  const { fatal, issue } = run.classify(outcome.error, 'Delete Blob');
  if (fatal) run.report.setFatal(issue);
  else if (issue.code === 'permissionDenied') run.report.fail('Delete Blob', issue);
  run.report.error({ code: 'cleanupBlobFailed', field: null, params: { blob: name, reason: issue.code } });
}
