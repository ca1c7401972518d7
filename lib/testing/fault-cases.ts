import type { Fault } from './fault-server';

// What the storage check must say for each fault of fault-server.ts: the message code, the field it
// belongs to, and whether the check has to wait for its deadline (the server never finishes answering).

export interface FaultExpectation {
  code: string;
  field: 'serviceUrl' | null;
  /** ICU params besides `host` (and `seconds` for a timeout). */
  params?: Record<string, string>;
  waitsForDeadline?: boolean;
  /** Reported on each request it hit (the others not run), rather than once for the whole check. */
  perPermission?: boolean;
}

export const FAULT_EXPECTATIONS: Record<Fault, FaultExpectation> = {
  closed: { code: 'endpointClosed', field: 'serviceUrl' },
  'closed-after-request': { code: 'endpointClosed', field: 'serviceUrl' },
  reset: { code: 'endpointClosed', field: 'serviceUrl' },
  silent: { code: 'endpointTimeout', field: 'serviceUrl', waitsForDeadline: true },
  'not-http': { code: 'endpointNotHttp', field: 'serviceUrl' },
  'truncated-headers': { code: 'endpointClosed', field: 'serviceUrl' },
  'truncated-body': { code: 'endpointClosed', field: 'serviceUrl' },
  'server-error': { code: 'endpointGatewayError', field: 'serviceUrl', params: { status: '500' } },
  'gateway-error': { code: 'endpointGatewayError', field: 'serviceUrl', params: { status: '502' } },
  's3-internal-error': { code: 'endpointServerError', field: null, params: { status: '500', code: 'InternalError' }, perPermission: true },
  'slow-down': { code: 'endpointThrottled', field: 'serviceUrl', params: { status: '503' } },
  'too-many-requests': { code: 'endpointThrottled', field: 'serviceUrl', params: { status: '429' } },
  'html-page': { code: 'notS3Endpoint', field: 'serviceUrl', params: { status: '200' } },
  json: { code: 'notS3Endpoint', field: 'serviceUrl', params: { status: '200' } },
  'redirect-301': { code: 'endpointRedirect', field: 'serviceUrl', params: { status: '301', location: 'https://storage.example.com' } },
  'redirect-307': { code: 'endpointRedirect', field: 'serviceUrl', params: { status: '307', location: 'http://127.0.0.1:9' } },
  'slow-headers': { code: 'endpointTimeout', field: 'serviceUrl', waitsForDeadline: true },
  'trickle-headers': { code: 'endpointTimeout', field: 'serviceUrl', waitsForDeadline: true },
  'trickle-body': { code: 'endpointTimeout', field: 'serviceUrl', waitsForDeadline: true },
};
