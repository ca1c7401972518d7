import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
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
type ConnectOptions = (http.ClientRequestArgs | tls.ConnectionOptions) & { host?: string; port?: number | string };

function trustStore(caPems: readonly string[]): string[] | undefined {
  // Without extra CAs Node's default store applies as is (NODE_EXTRA_CA_CERTS included).
  return caPems.length > 0 ? [...tls.rootCertificates, ...caPems] : undefined;
}

function cn(value: tls.Certificate | undefined): string {
  if (!value) return '';
  return Object.entries(value as unknown as Record<string, string | string[]>).map(([key, part]) => `${key}=${Array.isArray(part) ? part.join('+') : part}`).join(', ');
}

function recordChain(socket: tls.TLSSocket, log: ConnectionLog): void {
  let certificate: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (certificate?.valid_to && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    const validTo = new Date(certificate.valid_to).toISOString();
    if (!log.firstExpiring || validTo < log.firstExpiring.validTo) log.firstExpiring = { subject: cn(certificate.subject), validTo };
    certificate = certificate.issuerCertificate;
  }
}

function targetOf(options: ConnectOptions, scheme: 'http' | 'https'): { host: string; port: number; url: string } {
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
  process.nextTick(() => callback?.(refusal, undefined as never));
  return true;
}

class TunnellingHttpsAgent extends https.Agent {
  constructor(private readonly settings: StorageAgentOptions, private readonly log: ConnectionLog, private readonly lookup: LookupFunction) {
    super({ keepAlive: true, maxSockets: 50, ca: trustStore(settings.caPems) });
  }

  override createConnection(options: ConnectOptions, callback?: ConnectCallback): Duplex | undefined {
    const target = targetOf(options, 'https');
    if (refusedLiteral(target.host, this.log, callback)) return undefined;
    const proxy = proxyFor(target.url, this.settings.proxy);
    const watch = (socket: tls.TLSSocket) => socket.once('secureConnect', () => recordChain(socket, this.log));
    // https.Agent's own createConnection keeps TLS session resumption; it accepts an open socket to wrap.
    const connect = (extra: { socket?: net.Socket; lookup?: LookupFunction }) => super.createConnection({ ...options, ...extra } as never) as unknown as tls.TLSSocket;
    if (!proxy) {
      const socket = connect({ lookup: this.lookup });
      watch(socket);
      return socket;
    }
    this.log.proxies.add(proxyLabel(proxy));
    openTunnel(proxy, target.host, target.port, this.settings.connectTimeoutMs).then(
      (raw) => {
        const socket = connect({ socket: raw });
        watch(socket);
        callback?.(null, socket);
      },
      (error: Error) => {
        this.log.proxyFailure = error;
        callback?.(error, undefined as never);
      },
    );
    return undefined;
  }
}

class TunnellingHttpAgent extends http.Agent {
  constructor(private readonly settings: StorageAgentOptions, private readonly log: ConnectionLog, private readonly lookup: LookupFunction) {
    super({ keepAlive: true, maxSockets: 50 });
  }

  override createConnection(options: ConnectOptions, callback?: ConnectCallback): Duplex | undefined {
    const target = targetOf(options, 'http');
    if (refusedLiteral(target.host, this.log, callback)) return undefined;
    const proxy = proxyFor(target.url, this.settings.proxy);
    if (!proxy) return super.createConnection({ ...options, lookup: this.lookup } as never, callback as never) ?? undefined;
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
        callback?.(error, undefined as never);
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
