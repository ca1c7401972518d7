import { proxyIssue } from '@/lib/network/proxy-issue';
import { reservedAddressIssue } from '@/lib/network/reserved-issue';
import { collectErrors, isRedirectStatus, isWebPageType, locationOrigin, safeName, stringOf, type ErrorLike } from '@/lib/storage/check/error-shape';
import type { Classified } from '@/lib/storage/check/record';
import type { AzureCheckIssue, AzureIssueTarget } from './target';
import type { AzureOperation } from '../sas';

// Pure: turns what @azure/storage-blob or Node threw into a message code and the field to fix.
// Only Azure error codes, Node error codes and the HTTP status are shown: an Azure message can echo
// the string-to-sign, and a request URL can carry the SAS signature. The one exception is a test
// against a fixed phrase (AUTHENTICATION_PHRASE), never shown or logged.

export interface AzureClassifyContext {
  /** Where the requests went (no SAS: the token is never part of it). */
  blobEndpoint: string;
  credential: 'accountKey' | 'sas';
  timeoutMs: number;
  timedOut?: boolean;
  cancelled?: boolean;
  permission?: AzureOperation;
  /** The failed proxy tunnel behind an ERR_PROXY_* code (the SDK keeps only the code). */
  proxyFailure?: Error | null;
  /** The agents' refusal behind an ERR_RESERVED_ADDRESS code (the SDK keeps only the code). */
  reservedRefusal?: Error | null;
  /** Local time of the answer, in ms (tests). */
  now?: number;
}

export type AzureClassified = Classified<AzureIssueTarget, AzureOperation>;

interface AzureErrorLike extends ErrorLike {
  statusCode?: unknown;
  details?: { errorCode?: unknown; authenticationErrorDetail?: unknown };
  response?: { headers?: { get?: (name: string) => string | undefined } };
}

const CONNECTION = 'azureConnectionString' as const;
const REFUSED = new Set(['ECONNREFUSED']);
const NOT_FOUND = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
// The other end closed or reset the connection before a whole answer arrived.
const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
// llhttp could not parse the answer as HTTP at all: another protocol (SSH, SMTP, a database) on that port.
const NOT_HTTP = /^HPE_/;
// The SDK's own wording (never the server's) when the body stream ended before its promised length.
const BODY_ABORTED = /^Error reading response as text: aborted/;
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
// Azure throttles with 503 ServerBusy; 429 and S3-style names come from proxies and compatible services.
const THROTTLED = new Set(['ServerBusy', 'SlowDown', 'TooManyRequests', 'Throttling']);
const TLS = /^(CERT_|ERR_TLS_|UNABLE_TO_VERIFY_LEAF_SIGNATURE$|UNABLE_TO_GET_ISSUER_CERT|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$)/;
const HANDSHAKE = /^(EPROTO|ERR_SSL_)/;
const DENIED = new Set([
  'AuthorizationPermissionMismatch', 'AuthorizationFailure', 'AuthorizationResourceTypeMismatch',
  'AuthorizationServiceMismatch', 'AuthorizationProtocolMismatch', 'AuthorizationSourceIPMismatch',
]);
// Azure answers a bad signature with AuthenticationFailed; Azurite with AuthorizationFailure and this text.
const AUTHENTICATION_PHRASE = /^Server failed to authenticate the request/;
/** Azure refuses requests whose Date is more than 15 minutes off its own clock. */
const MAX_SKEW_MS = 15 * 60_000;

function issue(code: string, field: AzureCheckIssue['field'], params?: Record<string, string>): AzureCheckIssue {
  return params ? { code, field, params } : { code, field };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

function hostNameOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return endpoint;
  }
}

function networkIssue(chain: ErrorLike[], ctx: AzureClassifyContext): AzureCheckIssue | null {
  const codes = chain.map((item) => stringOf(item.code)).filter((code): code is string => code !== undefined);
  const names = chain.map((item) => stringOf(item.name)).filter((name): name is string => name !== undefined);
  const host = hostOf(ctx.blobEndpoint);
  const has = (set: Set<string>) => codes.some((code) => set.has(code));
  const seconds = String(Math.round(ctx.timeoutMs / 100) / 10);
  if (has(REFUSED)) return issue('endpointRefused', CONNECTION, { host });
  if (has(NOT_FOUND)) return issue('endpointNotFound', CONNECTION, { host: hostNameOf(ctx.blobEndpoint) });
  if (codes.some((code) => TLS.test(code))) return issue('endpointTls', CONNECTION, { host });
  if (codes.some((code) => HANDSHAKE.test(code))) return issue('endpointTlsHandshake', CONNECTION, { host });
  if (codes.some((code) => NOT_HTTP.test(code))) return issue('endpointNotHttp', CONNECTION, { host });
  // Once the deadline fired, our own abort closes sockets too: that is a timeout, not the server.
  if (has(CLOSED) && !ctx.timedOut && !ctx.cancelled) return issue('endpointClosed', CONNECTION, { host });
  if (has(TIMEOUT) || names.includes('TimeoutError')) return issue('endpointTimeout', CONNECTION, { host, seconds });
  if (names.includes('AbortError')) {
    return ctx.cancelled && !ctx.timedOut ? issue('checkCancelled', null) : issue('endpointTimeout', CONNECTION, { host, seconds });
  }
  if (has(UNREACHABLE) || has(CLOSED)) return issue('endpointUnreachable', CONNECTION, { host });
  return null;
}

/** The body stopped before its promised length: closed by the server, or by our own deadline. */
function bodyAborted(ctx: AzureClassifyContext): AzureCheckIssue {
  if (ctx.cancelled && !ctx.timedOut) return issue('checkCancelled', null);
  const host = hostOf(ctx.blobEndpoint);
  return ctx.timedOut ? issue('endpointTimeout', CONNECTION, { host, seconds: String(Math.round(ctx.timeoutMs / 100) / 10) }) : issue('endpointClosed', CONNECTION, { host });
}

function responseHeader(error: AzureErrorLike, name: string): string | undefined {
  const get = error.response?.headers?.get;
  return typeof get === 'function' ? stringOf(get.call(error.response?.headers, name)) : undefined;
}

function authenticationIssue(head: AzureErrorLike, ctx: AzureClassifyContext): AzureCheckIssue {
  const serverTime = Date.parse(responseHeader(head, 'date') ?? '');
  const now = ctx.now ?? Date.now();
  if (!Number.isNaN(serverTime) && Math.abs(serverTime - now) > MAX_SKEW_MS) return issue('clockSkewed', 'clock');
  return issue(ctx.credential === 'sas' ? 'sasRejected' : 'accountKeyMismatch', CONNECTION);
}

function withPermission(value: AzureCheckIssue, permission: AzureOperation | undefined): AzureCheckIssue {
  return permission ? { ...value, permission } : value;
}

export function classifyAzureError(error: unknown, ctx: AzureClassifyContext): AzureClassified {
  const chain = collectErrors(error) as AzureErrorLike[];
  const head = chain[0] ?? {};
  const status = typeof head.statusCode === 'number' ? head.statusCode : undefined;
  const code = stringOf(head.code) ?? stringOf(head.details?.errorCode) ?? responseHeader(head, 'x-ms-error-code');
  const answered = status !== undefined && status > 0;
  const host = hostOf(ctx.blobEndpoint);
  if (code === 'PARSE_ERROR' && BODY_ABORTED.test(stringOf(head.message) ?? '')) return { fatal: true, issue: bodyAborted(ctx) };
  if (!answered && code !== 'PARSE_ERROR') {
    // The tunnel through the outbound proxy failed: the storage was never reached, so the proxy is to blame.
    const proxy = proxyIssue(head, ctx.timeoutMs) ?? (code?.startsWith('ERR_PROXY_') ? proxyIssue(ctx.proxyFailure, ctx.timeoutMs) : null);
    if (proxy) return { fatal: true, issue: issue(proxy.code, 'proxy', proxy.params) };
    // The endpoint's name resolved to a link-local or metadata address: refused, as if written in the string.
    const reserved = reservedAddressIssue(head, ctx.reservedRefusal);
    if (reserved) return { fatal: true, issue: issue(reserved.code, CONNECTION, reserved.params) };
    const network = networkIssue(chain, ctx);
    if (network) return { fatal: true, issue: network };
    const name = [code, stringOf(head.name)].map(safeName).find((value) => value !== undefined && value !== 'Error' && value !== 'RestError');
    return { fatal: false, issue: withPermission(name ? issue('unexpected', null, { code: name }) : issue('unexpectedUnnamed', null), ctx.permission) };
  }
  const statusText = String(status ?? 200);
  const params = { host, status: statusText };
  if (status === 429 || (code !== undefined && THROTTLED.has(code))) return { fatal: true, issue: issue('endpointThrottled', CONNECTION, params) };
  const location = status !== undefined && isRedirectStatus(status) ? locationOrigin(responseHeader(head, 'location'), ctx.blobEndpoint) : null;
  if (location) return { fatal: true, issue: issue('endpointRedirect', CONNECTION, { ...params, location }) };
  // Blob storage answers every request with a request ID, and never with a web page or an unreadable body.
  const fromBlobStorage = responseHeader(head, 'x-ms-request-id') !== undefined || responseHeader(head, 'x-ms-error-code') !== undefined;
  if (code === 'PARSE_ERROR' || isWebPageType(responseHeader(head, 'content-type')) || !fromBlobStorage) {
    const gateway = status !== undefined && status >= 500 && !fromBlobStorage;
    return { fatal: true, issue: issue(gateway ? 'endpointGatewayError' : 'notBlobEndpoint', CONNECTION, params) };
  }
  const message = stringOf(head.message) ?? '';
  if (code === 'AuthenticationFailed' || code === 'InvalidAuthenticationInfo' || (code === 'AuthorizationFailure' && AUTHENTICATION_PHRASE.test(message))) {
    return { fatal: true, issue: authenticationIssue(head, ctx) };
  }
  if (code === 'ContainerNotFound') return { fatal: true, issue: issue('containerMissing', 'azureContainerName') };
  if (code === 'AccountIsDisabled') return { fatal: true, issue: issue('accountDisabled', CONNECTION) };
  if (code && DENIED.has(code)) return { fatal: false, issue: withPermission(issue('permissionDenied', null), ctx.permission) };
  const named = safeName(code);
  const unexpected = named ? issue('unexpectedAnswer', null, { code: named, status: statusText }) : issue('unexpectedUnnamed', null);
  return { fatal: false, issue: withPermission(unexpected, ctx.permission) };
}

/** Blob storage answered with an error, so the request had no effect. */
export function isAzureRejection(error: unknown): boolean {
  const status = (error as AzureErrorLike | null)?.statusCode;
  return typeof status === 'number' && status > 0;
}

export function azureErrorCode(error: unknown): string | undefined {
  const head = (collectErrors(error)[0] ?? {}) as AzureErrorLike;
  return stringOf(head.code) ?? stringOf(head.details?.errorCode);
}
