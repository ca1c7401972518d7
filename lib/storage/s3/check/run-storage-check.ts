import 'server-only';
import { effectiveRegion } from '@/lib/storage/s3/endpoint';
import { storageChangedWarning } from './advisories';
import { classifyError } from './classify-error';
import { deadlineFacts } from '@/lib/storage/check/deadline';
import { runInParallel, type RunAll } from '@/lib/storage/check/run-all';
import type { CheckRun } from './check-run';
import { cleanUp } from './cleanup';
import { cleanupProofIdentity } from './cleanup-proof';
import { obtainCheckCredentials } from './check-credentials';
import { checkErrorLogLine, isLoggedIssue } from './log-check-error';
import { runCheckRounds, type CheckPlan } from '@/lib/storage/check/run-check';
import { newProbeKeys } from './probe-keys';
import { bucketProbes, cleanupProofs, readProbes, writeProbes, type Written } from './probe-rounds';
import { CheckReport } from '@/lib/storage/check/report';
import { createCheckClient } from './s3-client';
import { authModeOf, S3_PERMISSIONS } from '../type';
import type { IssueTarget, Permission, StorageCheckIssue, StorageCheckResult } from '@/lib/storage/check/types';
import type { StorageCheckOptions, StorageTarget } from './target';

// The rounds of lib/storage/check/run-check.ts, with S3's requests (probe-rounds.ts):
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
  const report = new CheckReport(S3_PERMISSIONS);
  const changed = storageChangedWarning(target, options.saved);
  if (changed) report.warn(changed);
  return runCheckRounds({ report, startedAt, options, all }, async ({ timeoutMs, deadline, agents }): Promise<CheckPlan<IssueTarget, Permission, Written> | null> => {
    const region = effectiveRegion(target.serviceUrl, target.region);
    const obtained = await obtainCheckCredentials(target, region, deadline, agents);
    if (!obtained.ok) {
      // Without credentials no row can run: the issue says which field to fix.
      report.setFatal(obtained.issue);
      return null;
    }
    const identity = obtained.identity();
    const client = createCheckClient(target, timeoutMs, agents, obtained.credentials);
    const run: CheckRun = {
      target,
      report,
      keys: newProbeKeys(),
      probe: { client, bucket: target.bucket, signal: deadline.signal, agents },
      objectMayExist: false,
      upload: null,
      all,
      classify: (error, permission) => {
        const classified = classifyError(error, { serviceUrl: target.serviceUrl, region, ...deadlineFacts(deadline, timeoutMs), permission });
        if (isLoggedIssue(classified.issue)) console.warn(checkErrorLogLine(error, target.serviceUrl, classified.issue, permission));
        return classified;
      },
    };
    return {
      endpoint: { url: target.serviceUrl, field: 'serviceUrl', notServiceCode: 'notS3Endpoint' },
      proofIdentity: cleanupProofIdentity(target),
      removalRows: ['s3:DeleteObject', 's3:AbortMultipartUpload'],
      rounds: {
        look: (proveRemoval) => (proveRemoval ? run.all([() => bucketProbes(run), () => cleanupProofs(run)]) : bucketProbes(run)),
        write: (removalProven) =>
          writeProbes(run, {
            put: removalProven || report.status('s3:DeleteObject') === 'pass',
            upload: removalProven || report.status('s3:AbortMultipartUpload') === 'pass',
          }),
        read: (written) => readProbes(run, written),
      },
      cleanUp: (signal) => cleanUp(run, signal),
      close: () => client.destroy(),
      finish: async (finished) => ({ ...finished, errors: finished.errors.map((issue) => withGrantee(issue, target)), identity: await identity }),
    };
  });
}

/** A denied permission is granted to whoever the check ran as: the role, or this server's identity, not an access key. */
function withGrantee(issue: StorageCheckIssue, target: StorageTarget): StorageCheckIssue {
  const mode = authModeOf(target);
  if (issue.code !== 'permissionDenied' || mode === 'keys') return issue;
  return { ...issue, params: { ...issue.params, grantee: mode === 'assume-role' ? 'role' : 'identity' } };
}
