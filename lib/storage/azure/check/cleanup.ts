import 'server-only';
import { azureErrorCode } from './classify-error';
import type { AzureRun } from './check-run';
import { deleteBlob, putBlob, type AzureProbeContext } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';

/**
 * The last round, and the cleanup after any failure, on `signal`: its own short budget, not the
 * caller's (lib/storage/check/deadline.ts). Staged blocks that were never committed cannot be deleted
 * (there is no blob yet): a Put Blob over them discards them, then the blob it made is deleted.
 */
export async function cleanUpAzure(run: AzureRun, signal: AbortSignal): Promise<void> {
  if (!run.blobMayExist && run.blockBlob === 'none') return;
  const probe: AzureProbeContext = { ...run.probe, signal };
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
