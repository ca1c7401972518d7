import type { BlockList } from 'node:net';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { listValues, parseForwarded, parseNode } from './forwarded-headers';
import { inRanges, normalizeAddress, rangeList } from './ip-address';

// Who sent a request, under which host name, over which scheme. The socket address is stamped on every
// request by the front door (lib/http/front-door.ts) under a header name chosen at random per process,
// so a client cannot forge it. X-Forwarded-For, -Host and -Proto (or, without X-Forwarded-For, the
// standard Forwarded header) are read only when that socket belongs to one of CONSOLE_TRUSTED_PROXIES:
// anyone else could write them.

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

/**
 * Next.js adds X-Forwarded-For, -Host and -Proto to a request that has none (the socket's address, Host,
 * http), after the front door has seen it. So the front door also says, under this name, which of them
 * the trusted proxy really sent; without the front door (unit tests) they are taken as they are.
 */
export function arrivedHeaderName(): string | undefined {
  const name = peerHeaderName();
  return name ? `${name}-arrived` : undefined;
}

function sentByProxy(request: RequestHeaders, name: string): string | null {
  const marker = arrivedHeaderName();
  const arrived = marker ? request.headers.get(marker) : null;
  if (arrived !== null && !arrived.split(',').includes(name)) return null;
  return request.headers.get(name);
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

interface ForwardedView {
  /** The client: an address, a proxy's obfuscated identifier, 'unknown', or the socket's address. */
  client: string | null;
  /** What the outermost trusted proxy recorded of the client's request, null when it recorded nothing. */
  host: string | null;
  proto: string | null;
}

/** The Forwarded elements, or null when X-Forwarded-For is present (it takes precedence) or Forwarded is absent or broken. */
function forwardedElements(request: RequestHeaders): Record<string, string>[] | null {
  const header = request.headers.get('forwarded');
  if (header === null || sentByProxy(request, 'x-forwarded-for') !== null) return null;
  return parseForwarded(header);
}

/**
 * Walks the hops right to left past trusted proxies: the first one that is not is the client (entries further
 * left were written by whoever the proxy talked to, so are not believed). The host and scheme are those the
 * outermost trusted proxy recorded: the value it added, counted from the right, one per trusted hop.
 */
function forwardedView(request: RequestHeaders, peer: string, env: ConsoleEnv): ForwardedView {
  const elements = forwardedElements(request);
  const hops = elements ? elements.map((element) => element.for ?? '') : listValues(sentByProxy(request, 'x-forwarded-for'));
  let client: string | null = peer;
  let trusted = 1; // the socket's proxy
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const node = parseNode(hops[index] ?? '');
    if (node === null) break; // a malformed entry: nothing left of it can be believed
    if (node.kind === 'address' && isTrustedProxy(node.address, env) && index > 0) {
      trusted += 1;
      continue;
    }
    client = node.kind === 'address' ? node.address : node.kind === 'obfuscated' ? node.id : 'unknown';
    break;
  }
  const recorded = (name: 'host' | 'proto') => {
    if (elements) return elements.slice(Math.max(0, elements.length - trusted)).find((element) => element[name])?.[name] ?? null;
    const values = listValues(sentByProxy(request, `x-forwarded-${name}`));
    return values[Math.max(0, values.length - trusted)] || null;
  };
  return { client, host: recorded('host'), proto: recorded('proto')?.toLowerCase() ?? null };
}

function trustedView(request: RequestHeaders, env: ConsoleEnv): ForwardedView | null {
  const peer = peerAddress(request);
  return peer !== null && isTrustedProxy(peer, env) ? forwardedView(request, peer, env) : null;
}

/** The client's address (see forwardedView), or null when the front door did not see this request. */
export function clientAddress(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): string | null {
  return trustedView(request, env)?.client ?? peerAddress(request);
}

/** The host (with port) the client asked for: Host, or what a trusted proxy recorded (X-Forwarded-Host, Forwarded host=). */
export function requestHost(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): string | null {
  return trustedView(request, env)?.host ?? request.headers.get('host');
}

/** The scheme a trusted proxy says the client used (X-Forwarded-Proto, Forwarded proto=), or null. */
export function forwardedProto(request: RequestHeaders, env: ConsoleEnv = readConsoleEnv()): string | null {
  return trustedView(request, env)?.proto ?? null;
}

/** HTTPS on the socket, or https as a trusted proxy recorded it (it terminated TLS). */
export function isSecureRequest(request: Request, env: ConsoleEnv = readConsoleEnv()): boolean {
  return new URL(request.url).protocol === 'https:' || forwardedProto(request, env) === 'https';
}
