import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import type { StorageTarget } from './target';

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
  /** Target digest -> how often it was forgotten: a check that began before a forget must not undo it. */
  forgotten: Map<string, number>;
}

// On globalThis: Next.js may bundle this module more than once in the one server process.
const STATE_KEY = Symbol.for('packages-console.cleanup-proof');
type Holder = { [STATE_KEY]?: ProofState };

function state(): ProofState {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { key: randomBytes(32), proven: new Map(), forgotten: new Map() };
  return holder[STATE_KEY];
}

function digest(target: StorageTarget): string {
  const identity = [target.serviceUrl, target.bucket, target.accessKey, target.secretKey, target.region, target.pathStyle, target.authMode ?? 'keys', target.roleArn ?? '', target.externalId ?? ''];
  return createHmac('sha256', state().key).update(JSON.stringify(identity), 'utf8').digest('base64url');
}

export function hasProvenCleanup(target: StorageTarget, now = Date.now()): boolean {
  const expiresAt = state().proven.get(digest(target));
  return expiresAt !== undefined && now < expiresAt;
}

/** Taken when a check starts, and handed back to rememberProvenCleanup when it passes. */
export function cleanupProofEpoch(target: StorageTarget): number {
  return state().forgotten.get(digest(target)) ?? 0;
}

/** Remembers a pass, unless the proof was forgotten since `epoch` (a concurrent check saw it fail). */
export function rememberProvenCleanup(target: StorageTarget, epoch: number, now = Date.now()): void {
  const { proven, forgotten } = state();
  const id = digest(target);
  if ((forgotten.get(id) ?? 0) !== epoch) return;
  proven.delete(id);
  proven.set(id, now + CLEANUP_PROOF_TTL_MS);
  trim(proven);
}

export function forgetProvenCleanup(target: StorageTarget): void {
  const { proven, forgotten } = state();
  const id = digest(target);
  proven.delete(id);
  const count = (forgotten.get(id) ?? 0) + 1;
  forgotten.delete(id);
  forgotten.set(id, count);
  trim(forgotten);
}

function trim(map: Map<string, number>): void {
  for (const oldest of map.keys()) {
    if (map.size <= MAX_TARGETS) break;
    map.delete(oldest);
  }
}

export function forgetAllProvenCleanups(): void {
  state().proven.clear();
  state().forgotten.clear();
}
