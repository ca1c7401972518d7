import 'server-only';
import { PROBE_PREFIX } from '@/lib/storage/check/probe-prefix';
import { azureErrorCode, isAzureRejection } from './classify-error';
import { record } from '@/lib/storage/check/record';
import type { AzureRun } from './check-run';
import { anonymousGet, deleteBlob, getBlob, getBlockList, listBlobs, putBlob, putBlock, putBlockList } from './probes';

// The check's requests in the rounds of lib/storage/check/run-check.ts, each round's requests sent together:
//
//   1. List Blobs, anonymous List Blobs, and Delete Blob of a blob that does not exist yet: Blob
//      storage authorizes before it looks the blob up (404 BlobNotFound when allowed, 403 when not),
//      so this proves the credential can remove what the check is about to write.
//   2. Put Blob, Put Block                                   (only once 1 proved Delete Blob)
//   3. Get Blob (content compared), anonymous Get Blob, Get Block List, Put Block List (commits the block)
//   4. Delete Blob of both blobs                             (cleanup.ts; also after any failure)

/** `proveDelete` false: the same credentials proved deletion minutes ago, so the cleanup decides that row. */
export async function containerRound(run: AzureRun, proveDelete = true): Promise<void> {
  const { probe, names, report } = run;
  const [list, proof, publicList] = await run.all([
    () => listBlobs(probe),
    async () => (proveDelete ? deleteBlob(probe, names.blob) : null),
    () => anonymousGet(`${run.anonymousUrl}?restype=container&comp=list&maxresults=1`, probe),
  ]);
  // A signed List Blobs that failed for good names throttling, redirects and broken connections more precisely.
  if (publicList && !publicList.fromBlobStorage && !list.ok && run.classify(list.error, 'List Blobs').fatal) {
    record(run, 'List Blobs', list);
    return;
  }
  if (publicList && !publicList.fromBlobStorage) {
    // The signed answers of the same server are then unreadable too (a 200 web page half-parses): name the cause once.
    const host = new URL(run.anonymousUrl).host;
    const code = publicList.status >= 500 ? 'endpointGatewayError' : 'notBlobEndpoint';
    return report.setFatal({ code, field: 'azureConnectionString', params: { host, status: String(publicList.status) } });
  }
  if (record(run, 'List Blobs', list) && list.ok && list.value.some((name) => !name.startsWith(PROBE_PREFIX))) {
    report.warn({ code: 'bucketNotEmpty', field: 'azureContainerName' });
  }
  if (proof) {
    const allowed = !proof.ok && azureErrorCode(proof.error) === 'BlobNotFound';
    // A 2xx would mean a blob of that random name existed and is gone now: the delete worked too.
    record(run, 'Delete Blob', allowed ? { ok: true, value: undefined } : proof);
  }
  // A web server answering 200 to anything is not a container listing: require the XML root element.
  if (publicList?.status === 200 && publicList.body.includes('<EnumerationResults')) {
    report.warn({ code: 'bucketPublicList', field: 'azureContainerName' });
  }
}

export async function writeRound(run: AzureRun, removalProven = false): Promise<void> {
  const { probe, names, report } = run;
  if (!removalProven && report.status('Delete Blob') !== 'pass') {
    for (const operation of ['Put Blob', 'Put Block', 'Put Block List', 'Get Block List', 'Get Blob'] as const) {
      report.notRun(operation, 'notRunCannotDelete');
    }
    return;
  }
  const [put, stage] = await run.all([() => putBlob(probe, names.blob, names.body), () => putBlock(probe, names.blockBlob, names.blockId, names.body)]);
  // Without an answer (timeout, reset) the request may still have landed, so cleanup must try.
  run.blobMayExist = put.ok || !isAzureRejection(put.error);
  run.blockBlob = stage.ok ? 'staged' : isAzureRejection(stage.error) ? 'none' : 'unknown';
  record(run, 'Put Blob', put);
  record(run, 'Put Block', stage);
}

export async function readRound(run: AzureRun): Promise<void> {
  const { probe, names, report } = run;
  const written = report.status('Put Blob') === 'pass';
  const staged = run.blockBlob === 'staged';
  const [get, publicGet, blocks, commit] = await run.all([
    async () => (written ? getBlob(probe, names.blob) : null),
    async () => (written ? anonymousGet(`${run.anonymousUrl}/${names.blob.split('/').map(encodeURIComponent).join('/')}`, probe) : null),
    async () => (staged ? getBlockList(probe, names.blockBlob) : null),
    async () => (staged ? putBlockList(probe, names.blockBlob, [names.blockId]) : null),
  ]);
  if (!get) report.notRun('Get Blob', 'notRunNoBlob');
  else if (get.ok && get.value !== names.body) report.fail('Get Blob', { code: 'objectMismatch', field: null });
  else record(run, 'Get Blob', get);
  if (publicGet?.status === 200 && publicGet.body === names.body) report.warn({ code: 'bucketPublicRead', field: 'azureContainerName' });
  if (!blocks) report.notRun('Get Block List', 'notRunNoBlock');
  else if (blocks.ok && !blocks.value.includes(names.blockId)) report.fail('Get Block List', { code: 'blockListMismatch', field: null });
  else record(run, 'Get Block List', blocks);
  if (!commit) return report.notRun('Put Block List', 'notRunNoBlock');
  if (commit.ok) run.blockBlob = 'committed';
  else if (!isAzureRejection(commit.error)) run.blockBlob = 'unknown';
  record(run, 'Put Block List', commit);
}
