import 'server-only';
import { forgetRemoval, REMOVAL_PROOF_TTL_MS, rememberRemoval, removalEpoch, removalProven } from '@/lib/storage/check/proven-removal';
import type { StorageTarget } from './target';

// Before writing anything, a check proves s3:DeleteObject and s3:AbortMultipartUpload on a missing key
// and an unknown upload, so keys lacking them never leave an undeletable probe in the bucket. Once a
// check passed with the same keys on the same bucket, the shared removal proof
// (lib/storage/check/proven-removal.ts) lets the checks of the next minutes skip that round (the
// skeleton, lib/storage/check/run-check.ts, asks it). This file says only what makes two S3 targets
// the same, and answers for a target.

export const CLEANUP_PROOF_TTL_MS = REMOVAL_PROOF_TTL_MS;

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

export const hasProvenCleanup = (target: StorageTarget, now?: number): boolean => removalProven(cleanupProofIdentity(target), now);

/** Taken when a check starts, and handed back to rememberProvenCleanup when it passes. */
export const cleanupProofEpoch = (target: StorageTarget): number => removalEpoch(cleanupProofIdentity(target));

export const rememberProvenCleanup = (target: StorageTarget, epoch: number, now?: number): void => rememberRemoval(cleanupProofIdentity(target), epoch, now);

export const forgetProvenCleanup = (target: StorageTarget): void => forgetRemoval(cleanupProofIdentity(target));
