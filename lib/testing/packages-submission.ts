import type { StorageTarget } from '@/lib/storage/s3/check/target';

/** The JSON the Packages form sends for `target`, based on the settings version the client saw. */
export function packagesSubmission(target: StorageTarget, version: number, overrides: Record<string, unknown> = {}) {
  return {
    enabled: true,
    serviceUrl: target.serviceUrl,
    bucket: target.bucket,
    accessKey: target.accessKey,
    secretKey: target.secretKey,
    region: target.region,
    pathStyle: target.pathStyle,
    version,
    ...overrides,
  };
}
