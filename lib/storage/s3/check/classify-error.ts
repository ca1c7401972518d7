import { proxyIssue } from '@/lib/network/proxy-issue';
import { reservedAddressIssue } from '@/lib/network/reserved-issue';
import { hostAndPortOf, hostOf, isAwsEndpoint, regionalServiceUrl } from '@/lib/storage/s3/endpoint';
import { asErrorLike, collectErrors, hasS3Code, header, isWebPage, nonS3Answer, redirectOrigin, safeName, statusOf, stringOf, type ErrorLike } from './error-shape';
import type { Permission, StorageCheckIssue } from '@/lib/storage/check/types';
import type { Classified } from '@/lib/storage/check/record';

// Pure: turns whatever the SDK, Node or fetch threw into a message code and the field to fix.
// Only S3 error *names*, Node error *codes* and the HTTP status are shown (see error-shape.ts).

export interface ClassifyContext {
  serviceUrl: string;
  /** The region the request was signed for. */
  region: string;
  timeoutMs: number;
  /** The overall deadline fired (aborts then look like any other abort). */
  timedOut?: boolean;
  /** The caller cancelled the check. */
  cancelled?: boolean;
  permission?: Permission;
}

export type ClassifiedError = Classified;

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);
const TLS_PREFIX = /^(CERT_|ERR_TLS_)/;
// No TLS on the other end at all (typically https:// on a plain-HTTP port): not a certificate problem.
const HANDSHAKE_CODES = /^(EPROTO|ERR_SSL_)/;
const REFUSED_CODES = new Set(['ECONNREFUSED']);
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
// The other end closed or reset the connection before a whole answer arrived. The SDK renames these
// errors TimeoutError, so they are told apart by code, before the name is looked at.
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
// llhttp could not parse the answer as HTTP at all: another protocol (SSH, SMTP, a database) on that port.
const NOT_HTTP_CODE = /^HPE_/;
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
// S3 and S3-compatible stores (and proxies in front of them) asking the client to slow down.
const THROTTLED_NAMES = new Set([
  'SlowDown', 'SlowDownRead', 'SlowDownWrite', 'ServiceUnavailable', 'Throttling', 'ThrottlingException',
  'TooManyRequests', 'TooManyRequestsException', 'RequestLimitExceeded',
]);
const WRONG_REGION_NAMES = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);
// HEAD-style errors have no body, so the SDK names them after the status.
const DENIED_NAMES = new Set(['AccessDenied', 'Forbidden', '403']);
/**
 * AWS names the policy type that denied a request in its AccessDenied message: "… with an explicit deny
 * in a VPC endpoint policy" or "… because no VPC endpoint policy allows the s3:GetObject action". Only
 * tested, never shown or logged (the message names the caller's ARN).
 */
const VPC_ENDPOINT_DENIAL = /\b(?:explicit deny in an? VPC endpoint policy|no VPC endpoint policy allows)\b/i;
/** Codes of a permission refused by a policy: the row fails, later rows still run. */
export const DENIAL_CODES: ReadonlySet<string> = new Set(['permissionDenied', 'vpcEndpointDenied']);
const FATAL_S3_ERRORS: Record<string, StorageCheckIssue> = {
  InvalidAccessKeyId: { code: 'accessKeyUnknown', field: 'accessKey' },
  UserSuspended: { code: 'accessKeyDisabled', field: 'accessKey' },
  SignatureDoesNotMatch: { code: 'secretKeyMismatch', field: 'secretKey' },
  NoSuchBucket: { code: 'bucketMissing', field: 'bucket' },
  RequestTimeTooSkewed: { code: 'clockSkewed', field: 'clock' },
};
const REGION_PATTERN = /^[a-z]{2}(-[a-z0-9]+)+-\d$/;

function bucketRegion(error: ErrorLike): string | undefined {
  const region = header(error, 'x-amz-bucket-region') ?? stringOf(error.Region);
  return region && REGION_PATTERN.test(region) ? region : undefined;
}

function issue(code: string, field: StorageCheckIssue['field'], params?: Record<string, string>): StorageCheckIssue {
  return params ? { code, field, params } : { code, field };
}

function networkIssue(codes: string[], names: string[], ctx: ClassifyContext): StorageCheckIssue | null {
  // host:port wherever the port can be the problem; a name that does not resolve has no port to check.
  const host = hostAndPortOf(ctx.serviceUrl) ?? ctx.serviceUrl;
  const seconds = String(Math.round(ctx.timeoutMs / 100) / 10);
  const has = (set: Set<string>) => codes.some((code) => set.has(code));
  if (has(REFUSED_CODES)) return issue('endpointRefused', 'serviceUrl', { host });
  if (has(NOT_FOUND_CODES)) return issue('endpointNotFound', 'serviceUrl', { host: hostOf(ctx.serviceUrl) ?? ctx.serviceUrl });
  if (codes.some((code) => TLS_CODES.has(code) || TLS_PREFIX.test(code))) return issue('endpointTls', 'serviceUrl', { host });
  if (codes.some((code) => HANDSHAKE_CODES.test(code))) return issue('endpointTlsHandshake', 'serviceUrl', { host });
  if (codes.some((code) => NOT_HTTP_CODE.test(code))) return issue('endpointNotHttp', 'serviceUrl', { host });
  // Once the deadline fired, our own abort closes sockets too: that is a timeout, not the server.
  if (has(CLOSED_CODES) && !ctx.timedOut && !ctx.cancelled) return issue('endpointClosed', 'serviceUrl', { host });
  if (has(TIMEOUT_CODES) || names.includes('TimeoutError')) return issue('endpointTimeout', 'serviceUrl', { host, seconds });
  if (names.includes('AbortError') || has(CLOSED_CODES)) {
    if (ctx.cancelled && !ctx.timedOut) return issue('checkCancelled', null);
    return issue('endpointTimeout', 'serviceUrl', { host, seconds });
  }
  if (has(UNREACHABLE_CODES)) return issue('endpointUnreachable', 'serviceUrl', { host });
  return null;
}

/** No HTTP answer: a network problem, or something unexpected named by its error name or Node code. */
function withoutAnswer(chain: ErrorLike[], ctx: ClassifyContext): ClassifiedError {
  // The tunnel through the outbound proxy failed: the storage was never reached, so the proxy is to blame.
  const proxy = proxyIssue(chain[0], ctx.timeoutMs);
  if (proxy) return { fatal: true, issue: issue(proxy.code, 'proxy', proxy.params) };
  // The service URL's name resolved to a link-local or metadata address: refused, as if written in the URL.
  const reserved = reservedAddressIssue(chain[0]);
  if (reserved) return { fatal: true, issue: issue(reserved.code, 'serviceUrl', reserved.params) };
  const names = chain.map((item) => stringOf(item.name)).filter((name): name is string => name !== undefined);
  const codes = chain.map((item) => stringOf(item.code)).filter((code): code is string => code !== undefined);
  const network = networkIssue(codes, names, ctx);
  if (network) return { fatal: true, issue: network };
  const code = [...names.filter((name) => name !== 'Error'), ...codes].map(safeName).find((value) => value !== undefined);
  return { fatal: false, issue: withPermission(code ? issue('unexpected', null, { code }) : issue('unexpectedUnnamed', null), ctx.permission) };
}

function wrongRegion(head: ErrorLike, name: string, status: number, ctx: ClassifyContext): StorageCheckIssue | null {
  const region = bucketRegion(head);
  const regionMismatch = region !== undefined && region !== ctx.region && (status === 301 || status === 307 || status === 400);
  // A 301 web page is a proxy redirecting (to https, to a login page), not S3 naming another region.
  const moved = status === 301 && !isWebPage(head);
  if (!WRONG_REGION_NAMES.has(name) && !moved && !regionMismatch) return null;
  if (!region) return issue('wrongRegionUnknown', 'serviceUrl');
  // Only an AWS URL names its region; for any other store the region field is the one fix.
  if (!isAwsEndpoint(ctx.serviceUrl)) return issue('wrongRegionSetField', 'serviceUrl', { region });
  return issue('wrongRegion', 'serviceUrl', { region, suggestedUrl: regionalServiceUrl(region, ctx.serviceUrl) });
}

export function classifyError(error: unknown, ctx: ClassifyContext): ClassifiedError {
  const chain = collectErrors(error);
  const head = chain[0] ?? {};
  const status = statusOf(head);
  // An HTTP status means the server answered, so socket-level codes further down the chain are stale.
  if (status === undefined) return withoutAnswer(chain, ctx);

  const name = stringOf(head.name) ?? '';
  const known = FATAL_S3_ERRORS[name];
  if (known) return { fatal: true, issue: { ...known } };
  const params = { host: hostAndPortOf(ctx.serviceUrl) ?? ctx.serviceUrl, status: String(status) };
  if (status === 429 || THROTTLED_NAMES.has(name)) return { fatal: true, issue: issue('endpointThrottled', 'serviceUrl', params) };
  const location = bucketRegion(head) ? null : redirectOrigin(head, status, ctx.serviceUrl);
  if (location) return { fatal: true, issue: issue('endpointRedirect', 'serviceUrl', { ...params, location }) };
  const region = wrongRegion(head, name, status, ctx);
  if (region) return { fatal: true, issue: region };
  const other = nonS3Answer(head, status, DENIED_NAMES);
  if (other) return { fatal: true, issue: issue(other === 'gateway' ? 'endpointGatewayError' : 'notS3Endpoint', 'serviceUrl', params) };
  const code = safeName(name);
  // An S3 error with a 5xx status is the store's own failure on that request, which may pass next time.
  if (status >= 500 && code && hasS3Code(head)) return { fatal: false, issue: withPermission(issue('endpointServerError', null, { ...params, code }), ctx.permission) };
  if (DENIED_NAMES.has(name)) {
    const byEndpoint = VPC_ENDPOINT_DENIAL.test(stringOf(head.message) ?? '');
    return { fatal: false, issue: withPermission(issue(byEndpoint ? 'vpcEndpointDenied' : 'permissionDenied', null), ctx.permission) };
  }
  const unexpected = code ? issue('unexpectedAnswer', null, { code, status: String(status) }) : issue('unexpectedUnnamed', null);
  return { fatal: false, issue: withPermission(unexpected, ctx.permission) };
}

function withPermission(value: StorageCheckIssue, permission: Permission | undefined): StorageCheckIssue {
  return permission ? { ...value, permission } : value;
}

/** The server answered with an S3 error, so the request had no effect (nothing was created). */
export function isServerRejection(error: unknown): boolean {
  const like = asErrorLike(error);
  return like !== null && statusOf(like) !== undefined;
}

export function errorName(error: unknown): string | undefined {
  return stringOf(asErrorLike(error)?.name);
}
