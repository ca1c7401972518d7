import 'server-only';
import type { StorageTarget } from './target';

// Before writing anything, a check proves s3:DeleteObject and s3:AbortMultipartUpload on a missing key
// and an unknown upload, so keys lacking them never leave an undeletable probe in the bucket. Once a
// check passed with the same keys on the same bucket, the shared removal proof
// (lib/storage/check/proven-removal.ts) lets the checks of the next minutes skip that round (the
// skeleton, lib/storage/check/run-check.ts, asks it). This file says only what makes two S3 targets
// the same, and answers for a target.

export const cleanupProofIdentity = (target: StorageTarget): string[] => [
  's3',
  target.serviceUrl,
  target.bucket,
  target.accessKey,
  target.secretKey,
  target.region,
  target.pathStyle,
  target.authMode ?? 'keys',
  target.roleArn ?? '',
  target.externalId ?? '',
];
