import { beforeEach, describe, expect, it } from 'vitest';
import { forgetAllRemovals, forgetRemoval, REMOVAL_PROOF_TTL_MS, rememberRemoval, removalEpoch, removalProven } from '@/lib/storage/check/proven-removal';
import { cleanupProofIdentity } from './cleanup-proof';
import type { StorageTarget } from './target';

// The shared removal proof asked with S3's identity of a target, as the check skeleton asks it.
const CLEANUP_PROOF_TTL_MS = REMOVAL_PROOF_TTL_MS;
const hasProvenCleanup = (target: StorageTarget, now?: number): boolean => removalProven(cleanupProofIdentity(target), now);
const cleanupProofEpoch = (target: StorageTarget): number => removalEpoch(cleanupProofIdentity(target));
const rememberProvenCleanup = (target: StorageTarget, epoch: number, now?: number): void => rememberRemoval(cleanupProofIdentity(target), epoch, now);
const forgetProvenCleanup = (target: StorageTarget): void => forgetRemoval(cleanupProofIdentity(target));

const TARGET: StorageTarget = {
  serviceUrl: 'https://s3.us-west-2.amazonaws.com',
  bucket: 'packages',
  accessKey: 'AKIAPROOFTEST0000001',
  secretKey: 'proof test secret key that must stay out of memory',
  region: '',
  pathStyle: 'auto',
};

beforeEach(() => forgetAllRemovals());

describe('the cleanup-proof memory', () => {
  it('holds for the exact same target, for the TTL only', () => {
    const now = Date.now();
    expect(hasProvenCleanup(TARGET, now)).toBe(false);
    rememberProvenCleanup(TARGET, 0, now);
    expect(hasProvenCleanup({ ...TARGET }, now + 1)).toBe(true);
    expect(hasProvenCleanup(TARGET, now + CLEANUP_PROOF_TTL_MS)).toBe(false);
    for (const change of [{ bucket: 'other' }, { secretKey: 'x' }, { accessKey: 'AKIAOTHER' }, { serviceUrl: 'http://127.0.0.1:1' }, { region: 'eu-west-1' }, { pathStyle: 'path' as const }]) {
      expect(hasProvenCleanup({ ...TARGET, ...change }, now + 1), JSON.stringify(change)).toBe(false);
    }
  });

  it('forgets one target without touching the others', () => {
    const other = { ...TARGET, bucket: 'other' };
    rememberProvenCleanup(TARGET, 0);
    rememberProvenCleanup(other, 0);
    forgetProvenCleanup(TARGET);
    expect(hasProvenCleanup(TARGET)).toBe(false);
    expect(hasProvenCleanup(other)).toBe(true);
  });

  it('is not remembered by a check that began before a concurrent one forgot it', () => {
    const epoch = cleanupProofEpoch(TARGET);
    forgetProvenCleanup(TARGET); // a check that started later found DeleteObject revoked
    rememberProvenCleanup(TARGET, epoch); // the earlier check passes afterwards
    expect(hasProvenCleanup(TARGET)).toBe(false);
    rememberProvenCleanup(TARGET, cleanupProofEpoch(TARGET)); // a check begun after the forget
    expect(hasProvenCleanup(TARGET)).toBe(true);
  });

  it('keeps at most 64 targets, dropping the least recently proven', () => {
    for (let i = 0; i < 70; i += 1) rememberProvenCleanup({ ...TARGET, bucket: `bucket-${i}` }, 0);
    rememberProvenCleanup({ ...TARGET, bucket: 'bucket-6' }, 0);
    rememberProvenCleanup({ ...TARGET, bucket: 'bucket-70' }, 0);
    expect(hasProvenCleanup({ ...TARGET, bucket: 'bucket-6' })).toBe(true);
    expect(hasProvenCleanup({ ...TARGET, bucket: 'bucket-7' })).toBe(false);
    expect(hasProvenCleanup({ ...TARGET, bucket: 'bucket-8' })).toBe(true);
    expect(hasProvenCleanup({ ...TARGET, bucket: 'bucket-70' })).toBe(true);
  });

  it('holds no key or secret in the clear', () => {
    rememberProvenCleanup(TARGET, 0);
    const holder = (globalThis as Record<symbol, { proven: Map<string, number> } | undefined>)[Symbol.for('packages-console.proven-removal')];
    const keys = [...(holder?.proven.keys() ?? [])];
    expect(keys).toHaveLength(1);
    const dump = JSON.stringify(keys);
    for (const secret of [TARGET.secretKey, TARGET.accessKey, TARGET.bucket]) expect(dump).not.toContain(secret);
  });
});
