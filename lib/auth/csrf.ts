import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { requestHost } from '@/lib/http/request-origin';

// Cross-site request refusal for state-changing requests. SameSite=Strict already keeps the session
// cookie off cross-site requests; this is the second lock, and it also covers future non-cookie auth.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function withoutDefaultPort(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

/**
 * True when a browser says the request comes from another site: `Sec-Fetch-Site` other than
 * same-origin/none, or an `Origin` that is not this host. Requests without either header (curl,
 * scripts) are not browser-driven cross-site requests and pass; they still need credentials.
 */
export function isCrossSiteRequest(request: Request, env: ConsoleEnv = readConsoleEnv()): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
    originHost = withoutDefaultPort(url.host);
  } catch {
    return true; // includes the opaque origin "null" (sandboxed frames, data: URLs)
  }
  // X-Forwarded-Host counts only from a trusted proxy (lib/http/request-origin.ts): anyone could send it.
  const host = requestHost(request, env);
  return !host || withoutDefaultPort(host) !== originHost;
}
