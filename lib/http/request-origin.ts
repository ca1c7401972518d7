import type { BlockList } from 'node:net';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { inRanges, normalizeAddress, rangeList } from './ip-address';

// Who sent a request, under which host name, over which scheme. The socket address is stamped on every
// request by the front door (lib/http/front-door.ts) under a header name chosen at random per process,
// so a client cannot forge it. X-Forwarded-For, -Host and -Proto are read only when that socket belongs
// to one of CONSOLE_TRUSTED_PROXIES: anyone else could write them.

/** A Request, or the headers of the page being rendered (`{ headers: await headers() }`). */
export type RequestHeaders = { headers: Pick<Headers, 'get'> };

const PEER_HEADER_KEY = Symbol.for('packages-console.peer-header');
type Holder = { [PEER_HEADER_KEY]?: string };

export function peerHeaderName(): string | undefined {
  return (globalThis as Holder)[PEER_HEADER_KEY];
}

export function setPeerHeaderName(name: string): void {
  (globalThis as Holder)[PEER_HEADER_KEY] = name;
}

/** The socket's address, or null when the front door did not see this request (no way to know). */
export function peerAddress(request: RequestHeaders): string | null {
  const name = peerHeaderName();
  const value = name ? request.headers.get(name) : null;
  return value ? normalizeAddress(value) : null;
}

const proxyLists = new WeakMap<ConsoleEnv, BlockList>();

export function isTrustedProxy(address: string, env: ConsoleEnv): boolean {
  if (env.trustedProxies.length === 0) return false;
  let list = proxyLists.get(env);
  if (!list) proxyLists.set(env, (list = rangeList(env.trustedProxies)));
  return inRanges(list, address);
}

/** True when the socket is a trusted reverse proxy, whose X-Forwarded-* headers describe the real request. */
export function isFromTrustedProxy(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): boolean {
  const peer = peerAddress(request);
  return peer !== null && isTrustedProxy(peer, env);
}

const firstOf = (header: string | null) => header?.split(',')[0]?.trim() || null;

/**
 * The client's address: the socket's, or behind trusted proxies the nearest X-Forwarded-For entry that is
 * not one of them (entries further left were written by whoever the proxy talked to, so are not believed).
 */
export function clientAddress(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): string | null {
  const peer = peerAddress(request);
  if (peer === null || !isTrustedProxy(peer, env)) return peer;
  const hops = (request.headers.get('x-forwarded-for') ?? '').split(',').map((hop) => normalizeAddress(hop));
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index];
    if (hop === null || hop === undefined) return peer; // a malformed entry: nothing left of it can be believed
    if (!isTrustedProxy(hop, env)) return hop;
  }
  return hops[0] ?? peer;
}

/** The host (with port) the client asked for: Host, or X-Forwarded-Host from a trusted proxy. */
export function requestHost(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): string | null {
  const forwarded = isFromTrustedProxy(request, env) ? firstOf(request.headers.get('x-forwarded-host')) : null;
  return forwarded ?? request.headers.get('host');
}

/** HTTPS on the socket, or X-Forwarded-Proto: https from a trusted proxy (it terminated TLS). */
export function isSecureRequest(request: Request, env: ConsoleEnv = readConsoleEnv()): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return isFromTrustedProxy(request, env) && firstOf(request.headers.get('x-forwarded-proto'))?.toLowerCase() === 'https';
}
