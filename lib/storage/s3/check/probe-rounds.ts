import 'server-only';
import { bucketNotEmptyWarning } from './advisories';
import { requestNeverSent } from '@/lib/network/never-sent';
import { isServerRejection } from './classify-error';
import type { CheckRun } from './check-run';
import { record } from '@/lib/storage/check/record';
import { recordAbortProof } from './record';
import { abortUpload, createUpload, deleteObject, getObject, listObjects, listParts, listUploads, putObject } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';
import { isPubliclyListable, isPubliclyReadable } from './public-access';
import { foreignKeyOf, recordReadProof, sendReadProof } from './read-proof';

// The check's requests, grouped by what they depend on. run-storage-check.ts decides how the groups
// are laid out in rounds; each group runs its own requests all at once (or one by one, see run.all).

/** Requests on the bucket itself, which need nothing the check writes. */
export async function bucketProbes(run: CheckRun): Promise<void> {
  const { probe, report } = run;
  const [list, uploads, publicList] = await run.all([
    () => listObjects(probe),
    () => listUploads(probe),
    () => isPubliclyListable(run.target, probe.signal, probe.agents),
  ]);
  if (record(run, 's3:ListBucket', list) && list.ok) {
    run.foreignKey = foreignKeyOf(list.value);
    const notEmpty = bucketNotEmptyWarning(list.value);
    if (notEmpty) report.warn(notEmpty);
  }
  record(run, 's3:ListBucketMultipartUploads', uploads);
  if (publicList) report.warn({ code: 'bucketPublicList', field: 'bucket' });
}

/** DeleteObject on a key that does not exist, AbortMultipartUpload on an id no store knows. */
export async function cleanupProofs(run: CheckRun): Promise<void> {
  const { probe, keys } = run;
  const [del, abort] = await run.all([
    () => deleteObject(probe, keys.objectKey),
    () => abortUpload(probe, keys.uploadKey, keys.fakeUploadId),
  ]);
  record(run, 's3:DeleteObject', del);
  recordAbortProof(run, abort);
}

export interface Written {
  /** Whether PutObject / CreateMultipartUpload were sent at all (not when they could not be removed). */
  putSent: boolean;
  uploadSent: boolean;
  object: boolean;
  uploadId: string | null;
}

export async function writeProbes(run: CheckRun, send: { put: boolean; upload: boolean }): Promise<Written> {
  const { probe, keys } = run;
  const [put, create] = await run.all([
    async () => (send.put ? putObject(probe, keys.objectKey, keys.body) : null),
    async () => (send.upload ? createUpload(probe, keys.uploadKey) : null),
  ]);
  // Without an S3 answer (timeout, reset) the request may still have landed, so cleanup must try.
  // Refused by the server, or never sent at all (no connection, TLS refused): nothing was created.
  const nothingMade = (error: unknown) => isServerRejection(error) || requestNeverSent(error);
  if (put) run.objectMayExist = put.ok || !nothingMade(put.error);
  if (create) run.upload = create.ok ? { id: create.value } : nothingMade(create.error) ? null : { id: null };
  recordPut(run, put, create);
  return { putSent: send.put, uploadSent: send.upload, object: put?.ok === true, uploadId: create?.ok ? create.value : null };
}

/**
 * Both calls are authorized by s3:PutObject. If only CreateMultipartUpload is denied, plain uploads
 * work but large blobs (sent in parts) would fail, so s3:PutObject still fails, with its own code.
 */
function recordPut(run: CheckRun, put: Outcome<void> | null, create: Outcome<string> | null): void {
  const permission = 's3:PutObject';
  if (!put && !create) return run.report.notRun(permission, 'notRunNoCleanup');
  const failure = [put, create].find((outcome) => outcome !== null && !outcome.ok);
  if (!failure || failure.ok) return run.report.pass(permission);
  const { fatal, issue } = run.classify(failure.error, permission);
  if (fatal) return run.report.setFatal(issue);
  const multipartOnly = failure === create && put?.ok === true && issue.code === 'permissionDenied';
  run.report.fail(permission, multipartOnly ? { ...issue, code: 'multipartDenied' } : issue);
}

/**
 * Reads back what was written: the object's content, the upload's parts, and the object anonymously.
 * Without an object of its own (not written, or not removable), s3:GetObject is proven by read-proof.ts.
 */
export async function readProbes(run: CheckRun, written: Written): Promise<void> {
  const { probe, keys, report } = run;
  const uploadId = written.uploadId;
  const proveGet = !written.object && report.status('s3:ListBucket') === 'pass';
  const [get, parts, publicRead] = await run.all([
    async () => (written.object ? getObject(probe, keys.objectKey) : proveGet ? sendReadProof(run) : null),
    async () => (uploadId ? listParts(probe, keys.uploadKey, uploadId) : null),
    async () => (written.object ? isPubliclyReadable(run.target, keys.objectKey, keys.body, probe.signal, probe.agents) : false),
  ]);
  if (!get) {
    report.notRun('s3:GetObject', written.putSent ? 'notRunNoObject' : 'notRunCannotDelete');
  } else if ('existing' in get) {
    recordReadProof(run, get);
  } else if (get.ok && get.value !== keys.body) {
    report.fail('s3:GetObject', { code: 'objectMismatch', field: null });
  } else {
    record(run, 's3:GetObject', get);
  }
  if (!parts) {
    report.notRun('s3:ListMultipartUploadParts', written.uploadSent ? 'notRunNoUpload' : 'notRunCannotAbort');
  } else {
    record(run, 's3:ListMultipartUploadParts', parts);
  }
  if (publicRead) report.warn({ code: 'bucketPublicRead', field: 'bucket' });
}
