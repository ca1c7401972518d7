// Pure helpers about S3 endpoints, shared by the form (to show what "auto" resolves to)
// and by the server (to build the S3 client). No secrets here.

const AWS_REGIONAL_HOST = /^s3[.-]([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$/;
const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/;

export const DEFAULT_REGION = 'us-east-1';

export type PathStyleSetting = 'auto' | 'path' | 'virtual';

export function hostOf(serviceUrl: string): string | null {
  try {
    return new URL(serviceUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function isAwsEndpoint(serviceUrl: string): boolean {
  const host = hostOf(serviceUrl);
  return host !== null && AWS_HOST.test(host);
}

/** Region named by an `s3.<region>.amazonaws.com` URL, else us-east-1 (what S3-compatible stores expect). */
export function deriveRegion(serviceUrl: string): string {
  const host = hostOf(serviceUrl);
  const match = host ? AWS_REGIONAL_HOST.exec(host) : null;
  return match?.[1] ?? DEFAULT_REGION;
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

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function regionalServiceUrl(region: string): string {
  return `https://s3.${region}.amazonaws.com`;
}
