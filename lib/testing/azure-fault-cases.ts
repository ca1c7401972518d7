import { azureEnv } from './azurite';
import type { Fault, FaultServer } from './fault-server';

// What the Azure check must say for each fault of fault-server.ts, always on the connection string.
// The codes mean what the S3 check's codes of the same name mean (fault-cases.ts); an answer without
// Azure's x-ms-request-id is not from Blob storage, so an S3 error body is a gateway's answer here.

export interface AzureFaultExpectation {
  code: string;
  /** ICU params besides `host` (and `seconds` for a timeout). */
  params?: Record<string, string>;
  waitsForDeadline?: boolean;
}

export const AZURE_FAULT_EXPECTATIONS: Record<Fault, AzureFaultExpectation> = {
  closed: { code: 'endpointClosed' },
  'closed-after-request': { code: 'endpointClosed' },
  reset: { code: 'endpointClosed' },
  silent: { code: 'endpointTimeout', waitsForDeadline: true },
  'not-http': { code: 'endpointNotHttp' },
  'truncated-headers': { code: 'endpointClosed' },
  'truncated-body': { code: 'endpointClosed' },
  'server-error': { code: 'endpointGatewayError', params: { status: '500' } },
  'gateway-error': { code: 'endpointGatewayError', params: { status: '502' } },
  's3-internal-error': { code: 'endpointGatewayError', params: { status: '500' } },
  'slow-down': { code: 'endpointThrottled', params: { status: '503' } },
  'too-many-requests': { code: 'endpointThrottled', params: { status: '429' } },
  'html-page': { code: 'notBlobEndpoint', params: { status: '200' } },
  json: { code: 'notBlobEndpoint', params: { status: '200' } },
  'redirect-301': { code: 'endpointRedirect', params: { status: '301', location: 'https://storage.example.com' } },
  'redirect-307': { code: 'endpointRedirect', params: { status: '307', location: 'http://127.0.0.1:9' } },
  'slow-headers': { code: 'endpointTimeout', waitsForDeadline: true },
  'trickle-headers': { code: 'endpointTimeout', waitsForDeadline: true },
  'trickle-body': { code: 'endpointTimeout', waitsForDeadline: true },
};

/** An account-key connection string (Azurite's account) whose Blob endpoint is the fault server. */
export function faultConnectionString(server: FaultServer): string {
  return `DefaultEndpointsProtocol=http;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=${server.url}/${azureEnv.account}`;
}
