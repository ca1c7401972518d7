import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import type { StorageTarget } from './types';

// Before writing anything, a check proves s3:DeleteObject and s3:AbortMultipartUpload on a missing key
// and an unknown upload, so keys lacking them never leave an undeletable probe in the bucket. That
// proof costs a round trip. Once a check has passed with the same keys on the same bucket (so it really
// removed its probe object and upload), the checks that follow within a few minutes (Test storage
// settings, then Save settings) skip the proof and run in three rounds. Should the permission be revoked
// in between, the final delete fails: that is reported with the key left behind, and this memory is
// dropped, so the next check proves first again. The targets are kept only as HMACs under a key that
// exists in this process alone: no secret is held in the clear.

export const CLEANUP_PROOF_TTL_MS = 10 * 60_000;
const MAX_TARGETS = 64;

interface ProofState {
  key: Buffer;
  /** Target digest -> expiry time; Map order is insertion order, so the first entry is the oldest. */
  proven: Map<string, number>;
}

// On globalThis: Next.js may bundle this module more than once in the one server process.
const STATE_KEY = Symbol.for('packages-console.cleanup-proof');
type Holder = { [STATE_KEY]?: ProofState };

function state(): ProofState {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { key: randomBytes(32), proven: new Map() };
  return holder[STATE_KEY];
}

function digest(target: StorageTarget): string {
  const identity = [target.serviceUrl, target.bucket, target.accessKey, target.secretKey, target.region, target.pathStyle];
  return createHmac('sha256', state().key).update(JSON.stringify(identity), 'utf8').digest('base64url');
}

export function hasProvenCleanup(target: StorageTarget, now = Date.now()): boolean {
  const expiresAt = state().proven.get(digest(target));
  return expiresAt !== undefined && now < expiresAt;
}

export function rememberProvenCleanup(target: StorageTarget, now = Date.now()): void {
  const { proven } = state();
  const id = digest(target);
  proven.delete(id);
  proven.set(id, now + CLEANUP_PROOF_TTL_MS);
  for (const oldest of proven.keys()) {
    if (proven.size <= MAX_TARGETS) break;
    proven.delete(oldest);
  }
}

export function forgetProvenCleanup(target: StorageTarget): void {
  state().proven.delete(digest(target));
}

export function forgetAllProvenCleanups(): void {
  state().proven.clear();
}
