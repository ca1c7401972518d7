import 'server-only';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { readConsoleEnv } from '@/lib/env';
import { loadMessages, localeFromAcceptLanguage } from '@/lib/i18n/messages';
import { normalizeAddress } from './ip-address';
import { arrivedHeaderName, forwardedProto, isTrustedProxy, setPeerHeaderName } from './request-origin';
import { NON_PAGE_CSP, securityHeaders } from './security-headers';

// Every request passes here first, in the server process, before Next.js parses it (installed by
// instrumentation.ts). Next.js offers no other way to learn the socket address (NextRequest.ip is gone,
// and Next.js keeps any X-Forwarded-For a client sends), so the address is stamped here under a header
// name chosen at random per process, X-Forwarded-* from anyone but a trusted proxy are dropped, and the
// requests Next.js would fail on with a 500 and a stack trace, or route past the Host check (TRACE, a
// target that is not a path, a path that is not valid percent-encoding) get their proper 405 or 400,
// with the same security headers as every answer.

export const SUPPORTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const SUPPORTED = new Set<string>(SUPPORTED_METHODS);
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];
const INSTALLED = Symbol.for('packages-console.front-door');

function hasValidPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0] ?? '/';
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

type Refusal = 'methodNotAllowed' | 'unsupportedTarget' | 'malformedUrl';

/**
 * Why a request is answered here, or null to pass it on. Only origin-form targets (`/path?query`) reach
 * Next.js: `*` (OPTIONS *, server-wide, which the console has nothing to say about) ended in a 500 and a
 * stack trace, and an absolute URL (`http://evil.example/x`) was redirected to before the Host check ran.
 */
function refusalOf(method: string | undefined, url: string | undefined): Refusal | null {
  if (!SUPPORTED.has(method ?? '')) return 'methodNotAllowed';
  if (!(url ?? '').startsWith('/')) return 'unsupportedTarget';
  return hasValidPath(url) ? null : 'malformedUrl';
}

async function refuse(request: http.IncomingMessage, response: http.ServerResponse, code: Refusal, secure: boolean): Promise<void> {
  const status = code === 'methodNotAllowed' ? 405 : 400;
  const messages = await loadMessages(localeFromAcceptLanguage(request.headers['accept-language'] ?? null));
  const message = messages.RequestErrors[code];
  const body = JSON.stringify({ message, errors: [{ field: null, code, message }] });
  response.writeHead(status, {
    ...securityHeaders(NON_PAGE_CSP, secure),
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...(status === 405 ? { allow: SUPPORTED_METHODS.join(', ') } : {}),
    // Whatever body the client meant to send is not read: the connection must not be reused for it.
    connection: 'close',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function headerValue(request: http.IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/** Returns true when the request was answered here. */
function screen(request: http.IncomingMessage, response: http.ServerResponse, peerHeader: string): boolean {
  const env = readConsoleEnv();
  const peer = normalizeAddress(request.socket.remoteAddress ?? '');
  const trusted = peer !== null && isTrustedProxy(peer, env);
  if (!trusted) for (const name of FORWARDED_HEADERS) delete request.headers[name];
  request.headers[peerHeader] = peer ?? '';
  request.headers[arrivedHeaderName() ?? `${peerHeader}-arrived`] = FORWARDED_HEADERS.filter((name) => request.headers[name] !== undefined).join(',');
  const secure = Boolean((request.socket as { encrypted?: boolean }).encrypted) || (trusted && forwardedProto({ headers: { get: (name) => headerValue(request, name) } }, env) === 'https');
  const refusal = refusalOf(request.method, request.url);
  if (refusal === null) return false;
  refuse(request, response, refusal, secure).catch(() => response.destroy());
  return true;
}

export function installFrontDoor(): void {
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const peerHeader = `x-console-peer-${randomBytes(12).toString('hex')}`;
  setPeerHeaderName(peerHeader);
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitScreened(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const response = args[1] as http.ServerResponse;
      try {
        if (screen(args[0] as http.IncomingMessage, response, peerHeader)) return true;
      } catch (error) {
        // An exception here would end the server process. Nothing passes unscreened: the request is dropped.
        console.error(`Request refused before routing: ${error instanceof Error ? error.message : String(error)}`);
        response.destroy();
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
