// Reading what an SDK, Node or fetch threw, without trusting any of it: only names, codes, the HTTP
// status and a few response headers are read, never a service's message (it can echo a key or the
// string-to-sign). Shared by every storage type's error classification.

export interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** `value` read as a type's own error shape `E`: every field is optional and unknown, so nothing is trusted. */
export function asErrorLike<E extends ErrorLike = ErrorLike>(value: unknown): E | null {
  return typeof value === 'object' && value !== null ? (value as E) : null;
}

/** Node wraps socket errors (AggregateError for happy-eyeballs, `cause` for fetch), so look through the chain. */
export function collectErrors<E extends ErrorLike = ErrorLike>(error: unknown, depth = 0): E[] {
  const like = asErrorLike<E>(error);
  if (!like || depth > 4) return [];
  const nested = Array.isArray(like.errors) ? like.errors.flatMap((inner) => collectErrors<E>(inner, depth + 1)) : [];
  return [like, ...collectErrors<E>(like.cause, depth + 1), ...nested];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function safeName(value: unknown): string | undefined {
  const name = stringOf(value);
  return name && SAFE_NAME.test(name) ? name : undefined;
}

const WEB_PAGE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

/** A web page is never a storage API's answer, whatever its status: they answer XML, JSON or nothing. */
export function isWebPageType(contentType: string | undefined): boolean {
  return WEB_PAGE.test(contentType ?? '');
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
