// The S3 side of reading errors (lib/storage/check/error-shape.ts is the shared part). MinIO's console
// is recognised by a fixed phrase, see MINIO_CONSOLE; no S3 message is ever shown or logged.
import { asErrorLike as asAnyErrorLike, collectErrors as collectAnyErrors, isRedirectStatus, isWebPageType, locationOrigin, stringOf, type ErrorLike as AnyErrorLike } from '@/lib/storage/check/error-shape';

export * from '@/lib/storage/check/error-shape';

/** What the AWS SDK puts on what it throws, beside Node's fields. */
export interface ErrorLike extends AnyErrorLike {
  /** The <Code> of an S3 XML error body, copied onto the exception by the SDK. */
  Code?: unknown;
  Region?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; extendedRequestId?: unknown };
  $response?: { headers?: Record<string, unknown> };
}

export const asErrorLike = (value: unknown): ErrorLike | null => asAnyErrorLike<ErrorLike>(value);
export const collectErrors = (error: unknown): ErrorLike[] => collectAnyErrors<ErrorLike>(error);

const SAFE_ID = /^[A-Za-z0-9+/=._:-]{1,200}$/;

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

export function isWebPage(error: ErrorLike): boolean {
  return isWebPageType(header(error, 'content-type'));
}


// Without an S3 <Code> the SDK names the error after nothing in particular (or, for a body that is not
// XML at all, throws a plain deserialization Error); HEAD-style names like '404' count too.
const CODELESS_NAMES = new Set(['Unknown', 'UnknownError', 'NotFound', 'Error']);
// MinIO's console port answers S3 requests with an S3-shaped error (400 InvalidArgument, or
// 403 AccessDenied in 2022 releases) whose message says so. Only tested, never shown or logged.
const MINIO_CONSOLE = /S3 API Requests? (?:must be |should be )?(?:made|sent) to (?:the )?(?:API|Console) port/i;

const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\b/i;

/** Neither is JSON (another REST API on that port): S3 answers XML, or nothing. */
export function isNonS3Type(contentType: string | undefined): boolean {
  return isWebPageType(contentType) || JSON_TYPE.test(contentType ?? '');
}


export function hasS3Code(error: ErrorLike): boolean {
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
  if (isNonS3Type(header(error, 'content-type'))) return 'not-s3';
  if (s3 || keepNames.has(stringOf(error.name) ?? '')) return null;
  return 'not-s3';
}

/**
 * Where a redirect without an S3 error points (origin only: a path or query could carry a token), or
 * null. S3 itself redirects only with an S3 error code or a bucket-region header, handled as regions.
 */
export function redirectOrigin(error: ErrorLike, status: number, serviceUrl: string): string | null {
  if (!isRedirectStatus(status) || hasS3Code(error)) return null;
  return locationOrigin(header(error, 'location'), serviceUrl);
}
