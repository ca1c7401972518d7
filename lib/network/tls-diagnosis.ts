import 'server-only';
import net from 'node:net';
import tls from 'node:tls';
import { distinguishedName } from './distinguished-name';
import { openTunnel } from './proxy-tunnel';
import { proxyFor, type ProxySettings } from './proxy-env';
import { refusingReservedLookup } from './reserved-lookup';

// After a request failed at the TLS layer, one more handshake with verification off, only to READ the
// chain the server presents: no request is ever sent on it, and the socket is closed at once. What it
// shows becomes a precise message: who issued the certificate, which names it holds, when it expires.

export interface NetworkIssue {
  code: string;
  params: Record<string, string>;
}

export interface DiagnosisOptions {
  caPems: readonly string[];
  proxy: ProxySettings;
  timeoutMs: number;
  /** Name resolution as the storage agents had it (reserved answers refused there and here). */
  lookup?: net.LookupFunction;
}

interface Handshake {
  socket: tls.TLSSocket | null;
  /** Set when no TLS handshake happened at all. */
  errorCode?: string;
}

const NO_TLS_CODES = /^(EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST|ERR_SSL_UNKNOWN_PROTOCOL)$/;
const UNKNOWN_CA = new Set(['UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']);

function iso(value: string): string {
  return new Date(value).toISOString();
}

/** The presented chain, leaf first, as far as the server sent it. */
function chainOf(socket: tls.TLSSocket): tls.DetailedPeerCertificate[] {
  const chain: tls.DetailedPeerCertificate[] = [];
  let certificate: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (certificate?.fingerprint256 && !chain.some((seen) => seen.fingerprint256 === certificate!.fingerprint256)) {
    chain.push(certificate);
    certificate = certificate.issuerCertificate;
  }
  return chain;
}

function handshake(url: URL, options: DiagnosisOptions): Promise<Handshake> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const proxy = proxyFor(`https://${url.host}`, options.proxy);
  return new Promise((resolve) => {
    let settled = false;
    let socket: tls.TLSSocket | null = null;
    const done = (result: Handshake) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result.socket) socket?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ socket: null, errorCode: 'ETIMEDOUT' }), options.timeoutMs);
    const start = (raw?: net.Socket) => {
      socket = tls.connect({
        host,
        port,
        ...(raw ? { socket: raw } : { lookup: refusingReservedLookup(options.lookup) }),
        ...(net.isIP(host) ? {} : { servername: host }),
        ca: options.caPems.length > 0 ? [...tls.rootCertificates, ...options.caPems] : undefined,
        // Verification is judged below from authorizationError; nothing is sent on this socket.
        rejectUnauthorized: false,
      });
      socket.once('secureConnect', () => done({ socket }));
      socket.once('error', (error: NodeJS.ErrnoException) => done({ socket: null, errorCode: error.code ?? 'EPROTO' }));
    };
    if (!proxy) return start();
    openTunnel(proxy, host, port, options.timeoutMs).then(start, (error: NodeJS.ErrnoException) => done({ socket: null, errorCode: error.code }));
  });
}

function judge(socket: tls.TLSSocket, url: URL, now: Date): NetworkIssue | null {
  const host = url.host;
  const chain = chainOf(socket);
  const leaf = chain[0];
  if (!leaf) return null;
  const top = chain[chain.length - 1]!;
  const reason = socket.authorized ? null : String(socket.authorizationError ?? '');
  const expired = chain.find((certificate) => new Date(certificate.valid_to) < now);
  if (reason === 'CERT_HAS_EXPIRED' || expired) {
    const which = expired ?? leaf;
    return { code: 'tlsExpired', params: { host, subject: distinguishedName(which.subject), date: iso(which.valid_to) } };
  }
  const early = chain.find((certificate) => new Date(certificate.valid_from) > now);
  if (reason === 'CERT_NOT_YET_VALID' || early) {
    const which = early ?? leaf;
    return { code: 'tlsNotYetValid', params: { host, subject: distinguishedName(which.subject), date: iso(which.valid_from) } };
  }
  if (reason === 'DEPTH_ZERO_SELF_SIGNED_CERT') return { code: 'tlsSelfSigned', params: { host, subject: distinguishedName(leaf.subject) } };
  if (reason && UNKNOWN_CA.has(reason)) return { code: 'tlsUnknownCa', params: { host, subject: distinguishedName(top.subject), issuer: distinguishedName(top.issuer) } };
  const identity = tls.checkServerIdentity(url.hostname.replace(/^\[(.*)\]$/, '$1'), leaf);
  if (identity) {
    const names = (leaf.subjectaltname ?? '').split(/,\s*/).map((entry) => entry.replace(/^(DNS|IP Address):/, '')).filter(Boolean);
    return { code: 'tlsHostMismatch', params: { host: url.hostname, names: names.join(', ') || distinguishedName(leaf.subject) } };
  }
  if (reason) return { code: 'tlsUntrusted', params: { host, error: reason } };
  return null;
}

/** Why TLS to an https:// service URL failed, read from the chain the server presents; null if unknown. */
export async function diagnoseTls(serviceUrl: string, options: DiagnosisOptions, now = new Date()): Promise<NetworkIssue | null> {
  const url = new URL(serviceUrl);
  const result = await handshake(url, options);
  if (!result.socket) {
    return result.errorCode && NO_TLS_CODES.test(result.errorCode) ? { code: 'tlsToPlainPort', params: { host: url.host } } : null;
  }
  try {
    return judge(result.socket, url, now);
  } finally {
    result.socket.destroy();
  }
}

/** An http:// service URL that got no HTTP answer: does that port speak TLS instead? */
export async function detectTlsPort(serviceUrl: string, options: DiagnosisOptions): Promise<NetworkIssue | null> {
  const url = new URL(serviceUrl);
  const result = await handshake(url, options);
  if (!result.socket) return null;
  result.socket.destroy();
  return { code: 'httpToTlsPort', params: { host: url.host, suggestedUrl: serviceUrl.replace(/^http:/i, 'https:') } };
}
