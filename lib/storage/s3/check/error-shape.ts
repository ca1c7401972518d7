// Reading what the SDK, Node or fetch threw, without trusting any of it: only names, codes, the HTTP
// status and a few response headers are read, never an S3 message (it can echo the access key or
// the string-to-sign). The one exception is a test against a fixed phrase, see MINIO_CONSOLE.

export interface ErrorLike {
  name?: unknown;
  code?: unknown;
  /** The <Code> of an S3 XML error body, copied onto the exception by the SDK. */
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  Region?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
  $response?: { headers?: Record<string, unknown> };
}

export const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SAFE_ID = /^[A-Za-z0-9+/=._:-]{1,200}$/;

export function asErrorLike(value: unknown): ErrorLike | null {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : null;
}

/** Node wraps socket errors (AggregateError for happy-eyeballs, `cause` for fetch), so look through the chain. */
export function collectErrors(error: unknown, depth = 0): ErrorLike[] {
  const like = asErrorLike(error);
  if (!like || depth > 4) return [];
  const nested = Array.isArray(like.errors) ? like.errors.flatMap((inner) => collectErrors(inner, depth + 1)) : [];
  return [like, ...collectErrors(like.cause, depth + 1), ...nested];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function safeName(value: unknown): string | undefined {
  const name = stringOf(value);
  return name && SAFE_NAME.test(name) ? name : undefined;
}

export function statusOf(error: ErrorLike): number | undefined {
  const status = error.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function header(error: ErrorLike, name: string): string | undefined {
  const headers = error.$response?.headers ?? {};
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return stringOf(entry?.[1]);
}

/** The IDs a storage provider asks for, when they look like IDs (they come from the server). */
export function requestIds(error: ErrorLike): { requestId?: string; extendedRequestId?: string } {
  const pick = (...values: unknown[]) => values.map(stringOf).find((value) => value !== undefined && SAFE_ID.test(value));
  const requestId = pick(error.$metadata?.requestId, header(error, 'x-amz-request-id'));
  const extendedRequestId = pick(error.$metadata?.extendedRequestId, header(error, 'x-amz-id-2'));
  return { ...(requestId ? { requestId } : {}), ...(extendedRequestId ? { extendedRequestId } : {}) };
}

// Without an S3 <Code> the SDK names the error after nothing in particular (or, for a body that is not
// XML at all, throws a plain deserialization Error); HEAD-style names like '404' count too.
const CODELESS_NAMES = new Set(['Unknown', 'UnknownError', 'NotFound', 'Error']);
const WEB_PAGE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;
// MinIO's console port answers S3 requests with an S3-shaped error (400 InvalidArgument, or
// 403 AccessDenied in 2022 releases) whose message says so. Only tested, never shown or logged.
const MINIO_CONSOLE = /S3 API Requests? (?:must be |should be )?(?:made|sent) to (?:the )?(?:API|Console) port/i;

/** A web page is never an S3 API answer, whatever its status: S3 answers XML, or nothing. */
export function isWebPageType(contentType: string | undefined): boolean {
  return WEB_PAGE.test(contentType ?? '');
}

export function isWebPage(error: ErrorLike): boolean {
  return isWebPageType(header(error, 'content-type'));
}

function hasS3Code(error: ErrorLike): boolean {
  if (stringOf(error.Code)) return true;
  const name = stringOf(error.name) ?? 'Error';
  return !CODELESS_NAMES.has(name) && !/^\d{3}$/.test(name);
}

/**
 * Whether an HTTP answer came from something other than an S3 API: 'gateway' for a 5xx without an
 * S3 error (a proxy or load balancer that could not reach the store), 'not-s3' for a web page or
 * any other answer without an S3 error code (a web console, a wrong port, a login proxy).
 * `keepNames` are SDK names that still mean an S3 answer (a body-less 403).
 */
export function nonS3Answer(error: ErrorLike, status: number, keepNames: ReadonlySet<string>): 'gateway' | 'not-s3' | null {
  if (MINIO_CONSOLE.test(stringOf(error.message) ?? '')) return 'not-s3';
  const s3 = hasS3Code(error);
  if (status >= 500 && !s3) return 'gateway';
  if (isWebPage(error)) return 'not-s3';
  if (s3 || keepNames.has(stringOf(error.name) ?? '')) return null;
  return 'not-s3';
}
