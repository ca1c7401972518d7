import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { isSecureRequest, requestHost } from '@/lib/http/request-origin';

// Cross-site request refusal for state-changing requests. SameSite=Strict already keeps the session
// cookie off cross-site requests; this is the second lock, and it also covers future non-cookie auth.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function withoutDefaultPort(host: string, protocol: 'http:' | 'https:'): string {
  return host.toLowerCase().replace(protocol === 'https:' ? /:443$/ : /:80$/, '');
}

/**
 * True when a browser says the request comes from another site: `Sec-Fetch-Site` other than
 * same-origin/none, or an `Origin` that is not this scheme and host (`https://host` is another origin
 * than `http://host`; the scheme is the socket's, or what a trusted proxy recorded). Requests without either header (curl,
 * scripts) are not browser-driven cross-site requests and pass; they still need credentials.
 */
export function isCrossSiteRequest(request: Request, env: ConsoleEnv = readConsoleEnv()): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const protocol = isSecureRequest(request, env) ? 'https:' : 'http:';
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== protocol) return true;
    originHost = withoutDefaultPort(url.host, protocol);
  } catch {
    return true; // includes the opaque origin "null" (sandboxed frames, data: URLs)
  }
  // X-Forwarded-Host counts only from a trusted proxy (lib/http/request-origin.ts): anyone could send it.
  const host = requestHost(request, env);
  return !host || withoutDefaultPort(host, protocol) !== originHost;
}
