import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

// What the egress proxy (egress-proxy.ts) accepts from the binary it serves: a CONNECT to host:port
// (an https:// storage) or a request whose target is an absolute http:// URI (an http:// storage), with
// the instance's own credential. Anything else is answered 400 (or 407) and never connected. Compiled
// into the preload folder (build.ts): node: modules only, no server-only.

export interface EgressTarget {
  /** As net.connect and http.request take it: an IPv6 address without its brackets. */
  host: string;
  port: number;
}

export interface AbsoluteTarget extends EgressTarget {
  /** Path and query, as the origin server is asked for them. */
  path: string;
}

const HOST = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?))$/;

function portOf(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function hostOf(text: string): string | null {
  const match = HOST.exec(text);
  if (!match) return null;
  const host = match[1] ?? match[2] ?? '';
  return match[1] !== undefined && !host.includes(':') ? null : host;
}

/** CONNECT's authority form, `host:port` or `[v6]:port`, the port required; null for anything else. */
export function connectTarget(target: string | undefined): EgressTarget | null {
  const split = target?.lastIndexOf(':') ?? -1;
  if (target === undefined || split <= 0) return null;
  const host = hostOf(target.slice(0, split));
  const port = portOf(target.slice(split + 1));
  return host !== null && port !== null ? { host, port } : null;
}

/**
 * An absolute-form target, `http://host[:port]/path?query`: an origin-form path, another scheme (an
 * https:// storage is reached through CONNECT), user info or a fragment is no request for this proxy.
 */
export function absoluteTarget(target: string | undefined): AbsoluteTarget | null {
  if (target === undefined || !/^http:\/\/[^/?#]/i.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '' || target.includes('#')) return null;
  const host = hostOf(url.hostname);
  const port = url.port === '' ? 80 : portOf(url.port);
  if (host === null || port === null) return null;
  return { host, port, path: `${url.pathname}${url.search}` };
}

/** Whether `Proxy-Authorization` carries the instance's token (as Basic, any user name: Go sends the proxy URL's). */
export function proxyAuthorized(header: string | string[] | undefined, token: string): boolean {
  const basic = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!basic || token === '') return false;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const given = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
  const expected = Buffer.from(token);
  return decoded.includes(':') && given.length === expected.length && timingSafeEqual(given, expected);
}

// Hop-by-hop (RFC 9110 7.6.1), the proxy's own credential, and Expect: the proxy already answered 100.
const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/** The end-to-end headers of a message, as they are sent on: hop-by-hop ones and those `Connection` names dropped. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) kept[name] = value;
  return kept;
}
