// Reading what an SDK, Node or fetch threw, without trusting any of it: only names, codes, the HTTP
// status and a few response headers are read, never a service's message (it can echo a key or the
// string-to-sign). Shared by every storage type's error classification.

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

const WEB_PAGE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

/** A web page is never a storage API's answer, whatever its status: they answer XML, JSON or nothing. */
export function isWebPageType(contentType: string | undefined): boolean {
  return WEB_PAGE.test(contentType ?? '');
}

export function isWebPage(error: ErrorLike): boolean {
  return isWebPageType(header(error, 'content-type'));
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return REDIRECTS.has(status);
}

/** The origin a Location header points at (a path or query could carry a token), or null. */
export function locationOrigin(location: string | undefined, base: string): string | null {
  if (!location) return null;
  try {
    const target = new URL(location, base);
    return /^https?:$/.test(target.protocol) && target.origin.length <= 300 ? target.origin : null;
  } catch {
    return null;
  }
}
