import { PROBE_PREFIX } from './probe-keys';
import type { StorageCheckIssue, StorageCheckOptions, StorageTarget } from './types';

// Warnings that never make a check fail: the admin may have good reasons, but should know.

function normalizedUrl(value: string): string {
  try {
    return new URL(value.trim()).origin.toLowerCase();
  } catch {
    return value.trim().replace(/\/+$/, '').toLowerCase();
  }
}

/** Language-neutral label for a storage location, e.g. `https://s3.eu-west-1.amazonaws.com/packages`. */
function location(serviceUrl: string, bucket: string): string {
  return `${normalizedUrl(serviceUrl)}/${bucket.trim()}`;
}

export function storageChangedWarning(target: StorageTarget, saved: StorageCheckOptions['saved']): StorageCheckIssue | null {
  if (!saved || (saved.serviceUrl.trim() === '' && saved.bucket.trim() === '')) return null;
  const urlChanged = normalizedUrl(saved.serviceUrl) !== normalizedUrl(target.serviceUrl);
  const bucketChanged = saved.bucket.trim() !== target.bucket.trim();
  if (!urlChanged && !bucketChanged) return null;
  return {
    code: 'storageChanged',
    field: urlChanged ? 'serviceUrl' : 'bucket',
    params: { old: location(saved.serviceUrl, saved.bucket), new: location(target.serviceUrl, target.bucket) },
  };
}

/** Keys from a small ListObjectsV2 page: anything not ours means the bucket is shared or reused. */
export function bucketNotEmptyWarning(keys: string[]): StorageCheckIssue | null {
  return keys.some((key) => !key.startsWith(PROBE_PREFIX)) ? { code: 'bucketNotEmpty', field: 'bucket' } : null;
}
