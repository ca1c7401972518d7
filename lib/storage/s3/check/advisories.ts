import { s3ChangedField, s3Location } from '../rules';
import { PROBE_PREFIX } from './probe-keys';
import type { StorageCheckIssue } from '@/lib/storage/check/types';
import type { StorageCheckOptions, StorageTarget } from './target';

// Warnings that never make a check fail: the admin may have good reasons, but should know.

export function storageChangedWarning(target: StorageTarget, saved: StorageCheckOptions['saved']): StorageCheckIssue | null {
  if (!saved) return null;
  const field = s3ChangedField(saved, target);
  if (!field) return null;
  return { code: 'storageChanged', field, params: { old: s3Location(saved.serviceUrl, saved.bucket), new: s3Location(target.serviceUrl, target.bucket) } };
}

/** Keys from a small ListObjectsV2 page: anything not ours means the bucket is shared or reused. */
export function bucketNotEmptyWarning(keys: string[]): StorageCheckIssue | null {
  return keys.some((key) => !key.startsWith(PROBE_PREFIX)) ? { code: 'bucketNotEmpty', field: 'bucket' } : null;
}
