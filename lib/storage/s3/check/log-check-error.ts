import { hostAndPortOf } from '@/lib/storage/s3/endpoint';
import { collectErrors, header, requestIds, safeName, statusOf, stringOf } from './error-shape';
import type { Permission, StorageCheckIssue } from '@/lib/storage/check/types';

// The issues whose text sends the admin to the console log, so each must leave a line there.
const LOGGED_CODES: ReadonlySet<string> = new Set(['unexpectedAnswer', 'unexpected', 'unexpectedUnnamed', 'notS3Endpoint', 'endpointGatewayError', 'endpointServerError']);
const CONTENT_TYPE = /^[A-Za-z0-9.+-]{1,64}\/[A-Za-z0-9.+-]{1,64}/;

export function isLoggedIssue(issue: StorageCheckIssue): boolean {
  return LOGGED_CODES.has(issue.code);
}

/**
 * One line for the console log: what the storage provider or a developer needs to find the request
 * (error name, Node code, HTTP status, content type, request IDs). Never the S3 message, which can
 * echo the access key or the string-to-sign, and nothing from the request (keys, signature).
 */
export function checkErrorLogLine(error: unknown, serviceUrl: string, issue: StorageCheckIssue, permission?: Permission): string {
  const chain = collectErrors(error);
  const head = chain[0] ?? {};
  const status = statusOf(head);
  const code = chain.map((item) => safeName(stringOf(item.code))).find((value) => value !== undefined);
  const type = CONTENT_TYPE.exec(header(head, 'content-type') ?? '')?.[0];
  const { requestId, extendedRequestId } = requestIds(head);
  const facts = [
    `error ${safeName(head.name) ?? '(unnamed)'}`,
    code && `code ${code}`,
    status === undefined ? 'no HTTP answer' : `HTTP ${status}`,
    type && `content type ${type}`,
    status !== undefined && `request ID ${requestId ?? '(none)'}`,
    extendedRequestId && `extended request ID ${extendedRequestId}`,
  ].filter(Boolean);
  const host = hostAndPortOf(serviceUrl) ?? '(invalid service URL)';
  return `Storage check: ${permission ?? 'cleanup'} at ${host}: ${issue.code}; ${facts.join(', ')}`;
}
