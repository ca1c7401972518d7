import 'server-only';
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { hostOf, isAwsEndpoint } from '@/lib/storage/s3/endpoint';
import type { StsLocation } from './types';

/** What a credential lookup may still spend: the storage check's own deadline. */
export interface Budget {
  signal: AbortSignal;
  remainingMs(): number;
}

const MAX_CONNECT_TIMEOUT_MS = 5_000;

/**
 * AWS: the regional STS endpoint of the bucket's region (the global one is a single region's legacy
 * alias). S3-compatible stores (Ceph, MinIO) answer STS on the S3 endpoint itself.
 */
export function stsEndpoint(location: StsLocation): string {
  if (!isAwsEndpoint(location.serviceUrl)) return new URL(location.serviceUrl).origin;
  const china = hostOf(location.serviceUrl)?.endsWith('.amazonaws.com.cn') === true;
  return `https://sts.${location.region}.amazonaws.com${china ? '.cn' : ''}`;
}

export function createStsClient(
  location: StsLocation,
  credentials: NonNullable<STSClientConfig['credentials']>,
  budget: Budget,
): STSClient {
  const timeoutMs = Math.max(1, budget.remainingMs());
  return new STSClient({
    endpoint: stsEndpoint(location),
    region: location.region,
    credentials,
    // A retry would hide the first answer and eat the check's budget.
    maxAttempts: 1,
    requestHandler: {
      ...(location.agents ? { httpAgent: location.agents.httpAgent, httpsAgent: location.agents.httpsAgent } : {}),
      connectionTimeout: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS),
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}
