import 'server-only';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { effectiveRegion } from '@/lib/storage/s3/endpoint';
import { storageChangedWarning } from './advisories';
import { classifyError } from './classify-error';
import { runInParallel, type RunAll } from '@/lib/storage/check/run-all';
import type { CheckRun } from './check-run';
import { cleanUp } from './cleanup';
import { cleanupProofEpoch, forgetProvenCleanup, hasProvenCleanup, rememberProvenCleanup } from './cleanup-proof';
import { obtainCheckCredentials } from './check-credentials';
import { checkErrorLogLine, isLoggedIssue } from './log-check-error';
import { certificateExpiryWarning, explainEndpointFailure } from '@/lib/storage/check/network-findings';
import { newProbeKeys } from './probe-keys';
import { bucketProbes, cleanupProofs, readProbes, writeProbes, type Written } from './probe-rounds';
import { CheckReport } from '@/lib/storage/check/report';
import { createCheckClient, DEFAULT_CHECK_TIMEOUT_MS, startDeadline } from './s3-client';
import { authModeOf, S3_PERMISSIONS } from '../type';
import type { StorageCheckIssue, StorageCheckResult } from '@/lib/storage/check/types';
import type { StorageCheckOptions, StorageTarget } from './target';

// Rounds of parallel requests, each round waiting for the one before:
//
//   1. ListObjectsV2, ListMultipartUploads, anonymous list, and DeleteObject(missing key) +
//      AbortMultipartUpload(unknown id): S3 authorizes before it looks the key up, so this proves the
//      keys can remove what the check is about to write, and nothing undeletable is ever written.
//   2. PutObject, CreateMultipartUpload                (both need s3:PutObject; only once 1 proved removal)
//   3. GetObject (content compared; on a missing key when nothing was written), ListParts, anonymous GET
//   4. DeleteObject, AbortMultipartUpload              (cleanup; also run after any failure)
//
// When the same keys passed on the same bucket a few minutes ago (cleanup-proof.ts), the proof is
// skipped and rounds 1 and 2 are sent together: three round trips instead of four.

export function runStorageCheck(target: StorageTarget, options: StorageCheckOptions = {}): Promise<StorageCheckResult> {
  return runStorageCheckWith(runInParallel, target, options);
}

/** The check with its rounds' requests sent by `all`: the benchmark compares parallel with one-by-one. */
export async function runStorageCheckWith(all: RunAll, target: StorageTarget, options: StorageCheckOptions = {}): Promise<StorageCheckResult> {
  const startedAt = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const report = new CheckReport(S3_PERMISSIONS);
  const changed = storageChangedWarning(target, options.saved);
  if (changed) report.warn(changed);

  const deadline = startDeadline(timeoutMs, options.signal);
  const { network, agents } = checkAgents(options.network, timeoutMs);
  const region = effectiveRegion(target.serviceUrl, target.region);
  const obtained = await obtainCheckCredentials(target, region, deadline, agents);
  if (!obtained.ok) {
    agents.destroy();
    // Without credentials no row can run: the issue says which field to fix.
    report.setFatal(obtained.issue);
    return report.finish(Math.round(performance.now() - startedAt));
  }
  const identity = obtained.identity();
  const client = createCheckClient(target, timeoutMs, agents, obtained.credentials);
  const run: CheckRun = {
    target,
    report,
    deadline,
    keys: newProbeKeys(),
    probe: { client, bucket: target.bucket, signal: deadline.signal, agents },
    objectMayExist: false,
    upload: null,
    all,
    classify: (error, permission) => {
      const classified = classifyError(error, {
        serviceUrl: target.serviceUrl,
        region,
        timeoutMs,
        timedOut: deadline.timedOut(),
        cancelled: deadline.cancelled(),
        permission,
      });
      if (isLoggedIssue(classified.issue)) console.warn(checkErrorLogLine(error, target.serviceUrl, classified.issue, permission));
      return classified;
    },
  };
  const proofEpoch = cleanupProofEpoch(target);
  const removalProven = options.reuseCleanupProof !== false && hasProvenCleanup(target);
  try {
    await probeAll(run, removalProven);
  } finally {
    await cleanUp(run);
    client.destroy();
    agents.destroy();
  }
  const endpoint = { url: target.serviceUrl, field: 'serviceUrl', notServiceCode: 'notS3Endpoint' } as const;
  await explainEndpointFailure(report, endpoint, network, deadline);
  const expiring = certificateExpiryWarning(agents.log, endpoint);
  if (expiring) report.warn(expiring);
  const [proxy] = agents.log.proxies;
  const finished = report.finish(Math.round(performance.now() - startedAt), proxy);
  const result = { ...finished, errors: finished.errors.map((issue) => withGrantee(issue, target)), identity: await identity };
  if (result.ok) rememberProvenCleanup(target, proofEpoch);
  else if (report.status('s3:DeleteObject') !== 'pass' || report.status('s3:AbortMultipartUpload') !== 'pass') forgetProvenCleanup(target);
  return result;
}

async function probeAll(run: CheckRun, removalProven: boolean): Promise<void> {
  let written: Written;
  if (removalProven) {
    [, written] = await run.all([() => bucketProbes(run), () => writeProbes(run, { put: true, upload: true })]);
  } else {
    await run.all([() => bucketProbes(run), () => cleanupProofs(run)]);
    if (run.report.fatal) return;
    const { report } = run;
    written = await writeProbes(run, {
      put: report.status('s3:DeleteObject') === 'pass',
      upload: report.status('s3:AbortMultipartUpload') === 'pass',
    });
  }
  if (run.report.fatal) return;
  await readProbes(run, written);
}

/** A denied permission is granted to whoever the check ran as: the role, or this server's identity, not an access key. */
function withGrantee(issue: StorageCheckIssue, target: StorageTarget): StorageCheckIssue {
  const mode = authModeOf(target);
  if (issue.code !== 'permissionDenied' || mode === 'keys') return issue;
  return { ...issue, params: { ...issue.params, grantee: mode === 'assume-role' ? 'role' : 'identity' } };
}
