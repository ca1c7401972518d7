import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { distinguishedName } from './distinguished-name';
import { openTunnel } from './proxy-tunnel';
import { proxyFor, proxyLabel, type ProxySettings } from './proxy-env';
import { refusingReservedLookup, reservedLiteral, ReservedAddressError } from './reserved-lookup';

// The agents every request to the storage goes through (the check and the applied configuration):
// the trusted CAs added to Node's root store (never replacing it), the proxy from the environment
// honoured per host, no connection to a link-local or metadata address (literal or resolved), and a
// record of what the connections saw for the result.

export interface StorageAgentOptions {
  /** Extra trusted CAs (PEM), from the Trusted CA certificates setting. */
  caPems: readonly string[];
  proxy: ProxySettings;
  /** Deadline of one proxy tunnel (connect + CONNECT answer). */
  connectTimeoutMs: number;
  /** Name resolution (the system's unless a test injects one); its reserved answers are refused. */
  lookup?: LookupFunction;
}

export interface PresentedCertificate {
  subject: string;
  /** ISO 8601 end of validity. */
  validTo: string;
}

export interface ConnectionLog {
  /** host:port of every proxy a connection went through. */
  proxies: Set<string>;
  /** The certificate of the chain each verified TLS connection presented that expires first. */
  firstExpiring: PresentedCertificate | null;
  /** The last proxy tunnel that failed (a ProxyTunnelError): the Azure SDK passes on only its code. */
  proxyFailure: Error | null;
  /** The last connection refused for its reserved address: the Azure SDK passes on only its code. */
  reservedRefusal: ReservedAddressError | null;
}

export interface StorageAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  log: ConnectionLog;
  destroy(): void;
}

type ConnectCallback = (error: Error | null, socket: Duplex) => void;

/** A connection that failed: node:http's agent takes the error alone (its typings ask for a socket beside it). */
function failed(callback: ConnectCallback | undefined, error: Error): void {
  callback?.(error, undefined as never);
}

type ConnectTarget = { host?: string | null; port?: number | string | null };

function trustStore(caPems: readonly string[]): string[] | undefined {
  // Without extra CAs Node's default store applies as is (NODE_EXTRA_CA_CERTS included).
  return caPems.length > 0 ? [...tls.rootCertificates, ...caPems] : undefined;
}

function recordChain(socket: tls.TLSSocket, log: ConnectionLog): void {
  let certificate: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (certificate?.valid_to && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    const validTo = new Date(certificate.valid_to).toISOString();
    if (!log.firstExpiring || validTo < log.firstExpiring.validTo) log.firstExpiring = { subject: distinguishedName(certificate.subject), validTo };
    certificate = certificate.issuerCertificate;
  }
}

function targetOf(options: ConnectTarget, scheme: 'http' | 'https'): { host: string; port: number; url: string } {
  const host = String(options.host ?? 'localhost');
  const port = Number(options.port ?? (scheme === 'https' ? 443 : 80));
  return { host, port, url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** The resolver every direct connection uses, recording what it refuses. */
function guardedLookup(settings: StorageAgentOptions, log: ConnectionLog): LookupFunction {
  const lookup = refusingReservedLookup(settings.lookup);
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      if (error instanceof ReservedAddressError) log.reservedRefusal = error;
      callback(error, address, family);
    });
}

/** A reserved IP address written as the host is refused without connecting (no lookup sees it). */
function refusedLiteral(host: string, log: ConnectionLog, callback?: ConnectCallback): boolean {
  const refusal = reservedLiteral(host);
  if (!refusal) return false;
  log.reservedRefusal = refusal;
  process.nextTick(() => failed(callback, refusal));
  return true;
}

class TunnellingHttpsAgent extends https.Agent {
  constructor(private readonly settings: StorageAgentOptions, private readonly log: ConnectionLog, private readonly lookup: LookupFunction) {
    super({ keepAlive: true, maxSockets: 50, ca: trustStore(settings.caPems) });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback): Duplex | undefined {
    const target = targetOf(options, 'https');
    if (refusedLiteral(target.host, this.log, callback)) return undefined;
    const proxy = proxyFor(target.url, this.settings.proxy);
    // https.Agent's own createConnection keeps TLS session resumption; it is tls.connect, which wraps an open
    // socket given as `socket` (its options typings omit it) and returns the TLS socket.
    const connect = (extra: { socket: net.Socket } | { lookup: LookupFunction }): tls.TLSSocket => {
      const connection = { ...options, ...extra };
      const socket = super.createConnection(connection);
      if (!(socket instanceof tls.TLSSocket)) throw new Error('https.Agent opened no TLS socket');
      socket.once('secureConnect', () => recordChain(socket, this.log));
      return socket;
    };
    if (!proxy) return connect({ lookup: this.lookup });
    this.log.proxies.add(proxyLabel(proxy));
    openTunnel(proxy, target.host, target.port, this.settings.connectTimeoutMs)
      .then((raw) => connect({ socket: raw }))
      .then(
        (socket) => callback?.(null, socket),
        (error: Error) => {
          this.log.proxyFailure = error;
          failed(callback, error);
        },
      );
    return undefined;
  }
}

class TunnellingHttpAgent extends http.Agent {
  constructor(private readonly settings: StorageAgentOptions, private readonly log: ConnectionLog, private readonly lookup: LookupFunction) {
    super({ keepAlive: true, maxSockets: 50 });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback): Duplex | undefined {
    const target = targetOf(options, 'http');
    if (refusedLiteral(target.host, this.log, callback)) return undefined;
    const proxy = proxyFor(target.url, this.settings.proxy);
    if (!proxy) return super.createConnection({ ...options, lookup: this.lookup }, callback) ?? undefined;
    this.log.proxies.add(proxyLabel(proxy));
    openTunnel(proxy, target.host, target.port, this.settings.connectTimeoutMs).then(
      (socket) => {
        callback?.(null, socket);
        // The tunnel comes paused (nothing may be lost before its user listens), and unlike TLS, which
        // reads the socket it wraps, node:http only adds a 'data' listener, which does not resume a
        // stream paused on purpose: without this, every answer through the proxy waited for the deadline.
        socket.resume();
      },
      (error: Error) => {
        this.log.proxyFailure = error;
        failed(callback, error);
      },
    );
    return undefined;
  }
}

export function createStorageAgents(settings: StorageAgentOptions): StorageAgents {
  const log: ConnectionLog = { proxies: new Set(), firstExpiring: null, proxyFailure: null, reservedRefusal: null };
  const lookup = guardedLookup(settings, log);
  const httpAgent = new TunnellingHttpAgent(settings, log, lookup);
  const httpsAgent = new TunnellingHttpsAgent(settings, log, lookup);
  return {
    httpAgent,
    httpsAgent,
    log,
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
