import type { NetworkIssue } from './tls-diagnosis';

// A failed proxy tunnel (proxy-tunnel.ts) as a message code pointing at the proxy, never at the storage.

const PROXY_CODES: Record<string, string> = {
  ERR_PROXY_UNREACHABLE: 'proxyUnreachable',
  ERR_PROXY_TIMEOUT: 'proxyTimeout',
  ERR_PROXY_AUTH_REQUIRED: 'proxyAuthRequired',
  ERR_PROXY_CONNECT_REFUSED: 'proxyConnectRefused',
};

interface TunnelErrorLike {
  name?: unknown;
  code?: unknown;
  proxy?: unknown;
  status?: unknown;
  cause?: unknown;
}

export function proxyIssue(error: unknown, timeoutMs: number): NetworkIssue | null {
  let current = error as TunnelErrorLike | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const code = typeof current.code === 'string' ? PROXY_CODES[current.code] : undefined;
    if (current.name === 'ProxyTunnelError' && code && typeof current.proxy === 'string') {
      const params: Record<string, string> = { proxy: current.proxy };
      if (code === 'proxyConnectRefused') params.status = typeof current.status === 'number' ? String(current.status) : '-';
      if (code === 'proxyTimeout') params.seconds = String(Math.round(timeoutMs / 100) / 10);
      return { code, params };
    }
    current = current.cause as TunnelErrorLike | undefined;
  }
  return null;
}
