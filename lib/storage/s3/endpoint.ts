// Pure helpers about S3 endpoints, shared by the form (to show what "auto" resolves to)
// and by the server (to build the S3 client). No secrets here.

// Every AWS S3 API host that names its region: s3.<region>, s3.dualstack.<region>, s3-fips.<region>,
// s3-fips.dualstack.<region>, the legacy s3-<region> (also s3-fips-us-gov-west-1), under .amazonaws.com
// or .amazonaws.com.cn, optionally after a bucket name (virtual-hosted style, which the service URL
// field refuses, see awsHostNamesBucket, but a saved older value may still hold). Website, access-point and VPC endpoints are not S3 API hosts of this shape.
const AWS_S3_HOST = /^(?:[a-z0-9-]+\.)*s3(-fips)?(\.dualstack)?[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(\.cn)?$/;
const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/;
// FIPS endpoints exist only in the US (GovCloud included) and Canada regions.
const FIPS_REGION = /^(us|ca)-/;

export const DEFAULT_REGION = 'us-east-1';

export type PathStyleSetting = 'auto' | 'path' | 'virtual';

export function hostOf(serviceUrl: string): string | null {
  try {
    return new URL(serviceUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** host:port as the admin typed it (the port only when not the scheme's default): what "check the port" refers to. */
export function hostAndPortOf(serviceUrl: string): string | null {
  try {
    return new URL(serviceUrl).host.toLowerCase();
  } catch {
    return null;
  }
}

const AWS_BUCKET_IN_HOST = /^.+\.s3(?:-fips)?(?:\.dualstack)?(?:[.-][a-z]{2}(?:-[a-z]+)+-\d+)?\.amazonaws\.com(?:\.cn)?$/;

/**
 * An AWS URL with the bucket in the host name (bucket.s3.region.amazonaws.com): the check would add
 * the bucket a second time, so the field asks for the URL without it.
 */
export function awsHostNamesBucket(serviceUrl: string): boolean {
  const host = hostOf(serviceUrl);
  return host !== null && AWS_BUCKET_IN_HOST.test(host);
}

export function isAwsEndpoint(serviceUrl: string): boolean {
  const host = hostOf(serviceUrl);
  return host !== null && AWS_HOST.test(host);
}

export interface AwsS3Endpoint {
  region: string;
  fips: boolean;
  dualstack: boolean;
}

/** The region and endpoint variant of an AWS S3 API URL, or null for any other URL. */
export function parseAwsS3Endpoint(serviceUrl: string): AwsS3Endpoint | null {
  const host = hostOf(serviceUrl);
  const match = host ? AWS_S3_HOST.exec(host) : null;
  const region = match?.[3];
  return region ? { region, fips: match?.[1] !== undefined, dualstack: match?.[2] !== undefined } : null;
}

/** Region named by an AWS S3 URL (s3.<region>.amazonaws.com and its variants), else us-east-1 (what S3-compatible stores expect). */
export function deriveRegion(serviceUrl: string): string {
  return parseAwsS3Endpoint(serviceUrl)?.region ?? DEFAULT_REGION;
}

export function effectiveRegion(serviceUrl: string, region: string): string {
  return region.trim() === '' ? deriveRegion(serviceUrl) : region.trim();
}

/** Non-AWS stores (MinIO, Ceph) usually have no wildcard DNS for bucket subdomains. */
export function effectivePathStyle(serviceUrl: string, setting: PathStyleSetting): boolean {
  if (setting === 'path') return true;
  if (setting === 'virtual') return false;
  return !isAwsEndpoint(serviceUrl);
}

export { isLoopbackHost } from '@/lib/http/loopback';

/**
 * The S3 service URL of `region`, in the variant of `like` (the URL the admin entered), so a
 * wrong-region hint does not silently drop the dual-stack (IPv6) or FIPS endpoint they chose.
 * FIPS is kept only where FIPS endpoints exist: elsewhere that host would not resolve, and the
 * bucket's region is what it is. The legacy s3-<region> form and a bucket name in the host are
 * not kept: newer regions have no dash-form hosts, and the bucket belongs in the bucket field.
 * China regions live under .amazonaws.com.cn.
 */
export function regionalServiceUrl(region: string, like?: string): string {
  const variant = like ? parseAwsS3Endpoint(like) : null;
  const fips = variant?.fips === true && FIPS_REGION.test(region) ? '-fips' : '';
  const dualstack = variant?.dualstack ? '.dualstack' : '';
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://s3${fips}${dualstack}.${region}.${domain}`;
}
