import 'server-only';
import { effectiveRegion } from '@/lib/settings/s3-endpoint';
import { bucketNotEmptyWarning, storageChangedWarning } from './advisories';
import { classifyError, errorName, isServerRejection } from './classify-error';
import { cleanUp, runInParallel, runInSequence, type CheckRun } from './cleanup';
import { newProbeKeys } from './probe-keys';
import { abortUpload, createUpload, deleteObject, getObject, listObjects, listParts, listUploads, putObject, type Outcome } from './probes';
import { isPubliclyListable, isPubliclyReadable } from './public-access';
import { CheckReport } from './report';
import { createCheckClient, DEFAULT_CHECK_TIMEOUT_MS, startDeadline } from './s3-client';
import type { Permission, StorageCheckOptions, StorageCheckResult, StorageTarget } from './types';

// Four rounds of parallel requests. Round 1 tests DeleteObject and AbortMultipartUpload on things
// that do not exist yet (S3 authorizes before it looks the key/upload up), so the probe object and
// upload are only created when the same credentials are known to be able to remove them again:
// a denied delete must not leave an undeletable object behind. That costs one extra round trip.
//
//   1. ListObjectsV2, ListMultipartUploads, DeleteObject(missing key), AbortMultipartUpload(unknown id)
//   2. PutObject, CreateMultipartUpload               (both need s3:PutObject)
//   3. GetObject (content compared), ListParts, anonymous GET of the object
//   4. DeleteObject, AbortMultipartUpload             (cleanup; also run after any failure)

export async function runStorageCheck(target: StorageTarget, options: StorageCheckOptions = {}): Promise<StorageCheckResult> {
  const startedAt = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const report = new CheckReport();
  const changed = storageChangedWarning(target, options.saved);
  if (changed) report.warn(changed);

  const deadline = startDeadline(timeoutMs, options.signal);
  const client = createCheckClient(target, timeoutMs);
  const region = effectiveRegion(target.serviceUrl, target.region);
  const run: CheckRun = {
    target,
    report,
    deadline,
    keys: newProbeKeys(),
    probe: { client, bucket: target.bucket, signal: deadline.signal },
    objectMayExist: false,
    upload: null,
    all: options.schedule === 'sequential' ? runInSequence : runInParallel,
    classify: (error, permission) =>
      classifyError(error, {
        serviceUrl: target.serviceUrl,
        region,
        timeoutMs,
        timedOut: deadline.timedOut(),
        cancelled: deadline.cancelled(),
        permission,
      }),
  };
  try {
    await probeAll(run);
  } finally {
    await cleanUp(run);
    client.destroy();
  }
  return report.finish(Math.round(performance.now() - startedAt));
}

async function probeAll(run: CheckRun): Promise<void> {
  await roundOne(run);
  if (run.report.fatal) return;
  const created = await roundTwo(run);
  if (run.report.fatal) return;
  await roundThree(run, created);
}

/** Records one outcome against one permission; returns whether it passed. */
function record(run: CheckRun, permission: Permission, outcome: Outcome<unknown>): boolean {
  if (outcome.ok) {
    run.report.pass(permission);
    return true;
  }
  const { fatal, issue } = run.classify(outcome.error, permission);
  if (fatal) run.report.setFatal(issue);
  else run.report.fail(permission, issue);
  return false;
}

async function roundOne(run: CheckRun): Promise<void> {
  const { probe, keys, report } = run;
  const [list, uploads, del, abort, publicList] = await run.all([
    () => listObjects(probe),
    () => listUploads(probe),
    () => deleteObject(probe, keys.objectKey),
    () => abortUpload(probe, keys.uploadKey, keys.fakeUploadId),
    () => isPubliclyListable(run.target, probe.signal),
  ]);
  if (record(run, 's3:ListBucket', list) && list.ok) {
    const notEmpty = bucketNotEmptyWarning(list.value);
    if (notEmpty) report.warn(notEmpty);
  }
  record(run, 's3:ListBucketMultipartUploads', uploads);
  record(run, 's3:DeleteObject', del);
  // NoSuchUpload is the expected answer: the request was authorized, then the id was not found.
  record(run, 's3:AbortMultipartUpload', !abort.ok && errorName(abort.error) === 'NoSuchUpload' ? { ok: true, value: undefined } : abort);
  if (publicList) report.warn({ code: 'bucketPublicList', field: 'bucket' });
}

interface Created {
  object: boolean;
  uploadId: string | null;
}

async function roundTwo(run: CheckRun): Promise<Created> {
  const { probe, keys, report } = run;
  const canPut = report.status('s3:DeleteObject') === 'pass';
  const canUpload = report.status('s3:AbortMultipartUpload') === 'pass';
  const [put, create] = await run.all([
    async () => (canPut ? putObject(probe, keys.objectKey, keys.body) : null),
    async () => (canUpload ? createUpload(probe, keys.uploadKey) : null),
  ]);
  // Without an S3 answer (timeout, reset) the request may still have landed, so cleanup must try.
  if (put) run.objectMayExist = put.ok || !isServerRejection(put.error);
  if (create) run.upload = create.ok ? { id: create.value } : isServerRejection(create.error) ? null : { id: null };
  recordPut(run, put, create);
  return { object: put?.ok === true, uploadId: create?.ok ? create.value : null };
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

async function roundThree(run: CheckRun, created: Created): Promise<void> {
  const { probe, keys, report } = run;
  const uploadId = created.uploadId;
  const [get, parts, publicRead] = await run.all([
    async () => (created.object ? getObject(probe, keys.objectKey) : null),
    async () => (uploadId ? listParts(probe, keys.uploadKey, uploadId) : null),
    async () => (created.object ? isPubliclyReadable(run.target, keys.objectKey, keys.body, probe.signal) : false),
  ]);
  if (!get) {
    report.notRun('s3:GetObject', report.status('s3:DeleteObject') === 'pass' ? 'notRunNoObject' : 'notRunCannotDelete');
  } else if (get.ok && get.value !== keys.body) {
    report.fail('s3:GetObject', { code: 'objectMismatch', field: null });
  } else {
    record(run, 's3:GetObject', get);
  }
  if (!parts) {
    const code = report.status('s3:AbortMultipartUpload') === 'pass' ? 'notRunNoUpload' : 'notRunCannotAbort';
    report.notRun('s3:ListMultipartUploadParts', code);
  } else {
    record(run, 's3:ListMultipartUploadParts', parts);
  }
  if (publicRead) report.warn({ code: 'bucketPublicRead', field: 'bucket' });
}
