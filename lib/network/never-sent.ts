// Failures that happen before a single byte of the request reaches the storage: the connection (or
// the proxy tunnel) was never made, or TLS refused the server. Such a request cannot have written
// anything, so there is nothing to clean up after it.

const NEVER_SENT_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|EHOSTUNREACH|ENETUNREACH|ERR_PROXY_[A-Z_]+|ERR_RESERVED_ADDRESS|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|ERR_SSL_[A-Z_]+)$/;

interface Chained {
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function codes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const like = error as Chained;
  const nested = Array.isArray(like.errors) ? like.errors.flatMap((inner) => codes(inner, depth + 1)) : [];
  return [...(typeof like.code === 'string' ? [like.code] : []), ...codes(like.cause, depth + 1), ...nested];
}

export function requestNeverSent(error: unknown): boolean {
  const found = codes(error);
  return found.length > 0 && found.every((code) => NEVER_SENT_CODES.test(code));
}
