import { hostOf, regionalServiceUrl } from '@/lib/settings/s3-endpoint';
import type { Permission, StorageCheckIssue } from './types';

// Pure: turns whatever the SDK, Node or fetch threw into a message code and the field to fix.
// Only S3 error *names* and Node error *codes* are read, never messages: an S3 message can
// echo the access key or the string-to-sign.

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

export interface ClassifiedError {
  /**
   * Every later request would fail the same way (endpoint, credentials, bucket, region, clock),
   * so it is reported once and the remaining permissions become 'not-run'.
   */
  fatal: boolean;
  issue: StorageCheckIssue;
}

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
const UNREACHABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'UND_ERR_SOCKET']);
const WRONG_REGION_NAMES = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);
// HEAD-style errors have no body, so the SDK names them after the status.
const DENIED_NAMES = new Set(['AccessDenied', 'Forbidden', '403']);
const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  Region?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { headers?: Record<string, unknown> };
}

function asErrorLike(value: unknown): ErrorLike | null {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : null;
}

/** Node wraps socket errors (AggregateError for happy-eyeballs, `cause` for fetch), so look through the chain. */
function collectErrors(error: unknown, depth = 0): ErrorLike[] {
  const like = asErrorLike(error);
  if (!like || depth > 4) return [];
  const nested = Array.isArray(like.errors) ? like.errors.flatMap((inner) => collectErrors(inner, depth + 1)) : [];
  return [like, ...collectErrors(like.cause, depth + 1), ...nested];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function statusOf(error: ErrorLike): number | undefined {
  const status = error.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function header(error: ErrorLike, name: string): string | undefined {
  const headers = error.$response?.headers ?? {};
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return stringOf(entry?.[1]);
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z0-9]+)+-\d$/;

function bucketRegion(error: ErrorLike): string | undefined {
  const region = header(error, 'x-amz-bucket-region') ?? stringOf(error.Region);
  return region && REGION_PATTERN.test(region) ? region : undefined;
}

function issue(code: string, field: StorageCheckIssue['field'], params?: Record<string, string>): StorageCheckIssue {
  return params ? { code, field, params } : { code, field };
}

function networkIssue(codes: string[], names: string[], ctx: ClassifyContext): StorageCheckIssue | null {
  const host = hostOf(ctx.serviceUrl) ?? ctx.serviceUrl;
  const seconds = String(Math.round(ctx.timeoutMs / 100) / 10);
  const has = (set: Set<string>) => codes.some((code) => set.has(code));
  if (has(REFUSED_CODES)) return issue('endpointRefused', 'serviceUrl', { host });
  if (has(NOT_FOUND_CODES)) return issue('endpointNotFound', 'serviceUrl', { host });
  if (codes.some((code) => TLS_CODES.has(code) || TLS_PREFIX.test(code))) return issue('endpointTls', 'serviceUrl', { host });
  if (codes.some((code) => HANDSHAKE_CODES.test(code))) return issue('endpointTlsHandshake', 'serviceUrl', { host });
  if (has(TIMEOUT_CODES) || names.includes('TimeoutError')) return issue('endpointTimeout', 'serviceUrl', { host, seconds });
  if (names.includes('AbortError')) {
    if (ctx.cancelled && !ctx.timedOut) return issue('checkCancelled', null);
    return issue('endpointTimeout', 'serviceUrl', { host, seconds });
  }
  if (has(UNREACHABLE_CODES)) return issue('endpointUnreachable', 'serviceUrl', { host });
  return null;
}

export function classifyError(error: unknown, ctx: ClassifyContext): ClassifiedError {
  const chain = collectErrors(error);
  const head = chain[0] ?? {};
  const names = chain.map((item) => stringOf(item.name)).filter((name): name is string => name !== undefined);
  const codes = chain.map((item) => stringOf(item.code)).filter((code): code is string => code !== undefined);
  const status = statusOf(head);
  const name = stringOf(head.name) ?? 'Unknown';

  // An HTTP status means the server answered, so socket-level codes further down the chain are stale.
  if (status === undefined) {
    const network = networkIssue(codes, names, ctx);
    if (network) return { fatal: true, issue: network };
  }
  if (name === 'InvalidAccessKeyId') return { fatal: true, issue: issue('accessKeyUnknown', 'accessKey') };
  if (name === 'UserSuspended') return { fatal: true, issue: issue('accessKeyDisabled', 'accessKey') };
  if (name === 'SignatureDoesNotMatch') return { fatal: true, issue: issue('secretKeyMismatch', 'secretKey') };
  if (name === 'NoSuchBucket') return { fatal: true, issue: issue('bucketMissing', 'bucket') };
  if (name === 'RequestTimeTooSkewed') return { fatal: true, issue: issue('clockSkewed', 'clock') };

  const region = bucketRegion(head);
  const regionMismatch = region !== undefined && region !== ctx.region && (status === 301 || status === 307 || status === 400);
  if (WRONG_REGION_NAMES.has(name) || status === 301 || regionMismatch) {
    return {
      fatal: true,
      issue: region
        ? issue('wrongRegion', 'serviceUrl', { region, suggestedUrl: regionalServiceUrl(region) })
        : issue('wrongRegionUnknown', 'serviceUrl'),
    };
  }

  if (DENIED_NAMES.has(name)) {
    return { fatal: false, issue: withPermission(issue('permissionDenied', null), ctx.permission) };
  }
  const safeCode = SAFE_NAME.test(name) ? name : 'Unknown';
  return { fatal: false, issue: withPermission(issue('unexpected', null, { code: safeCode }), ctx.permission) };
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
