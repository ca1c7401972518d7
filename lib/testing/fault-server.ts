import net from 'node:net';
import type { AddressInfo } from 'node:net';

// Test support: a loopback TCP server that misbehaves the way a wrong port, a broken proxy or a bad
// network does, one fault per server. It speaks raw bytes, so it can also break HTTP itself.

/**
 * Timeout of a test that runs a CLI process per fault: a hang guard, not a speed check (each run is
 * bounded by its own --timeout-ms; starting the processes takes most of it on a loaded machine, seen
 * near 60 s beside e2e).
 */
export const EVERY_FAULT_TIMEOUT_MS = 180_000;

export const FAULTS = [
  'closed', // accepts, then closes before reading anything (a TLS-only port, a dropping load balancer)
  'closed-after-request', // reads the request, closes without a word
  'reset', // reads the request, answers with a TCP reset
  'silent', // accepts and never says anything
  'not-http', // an SSH server's banner
  'truncated-headers', // starts an HTTP answer and closes in the middle of its headers
  'truncated-body', // complete headers, then half of the promised body
  'server-error', // 500 plain text from an application server
  'gateway-error', // 502 page from a reverse proxy
  's3-internal-error', // 500 with an S3 <Error><Code>InternalError</Code>
  'slow-down', // 503 SlowDown, S3's throttling
  'too-many-requests', // 429 from a rate-limiting proxy
  'html-page', // 200 with a web page
  'json', // 200 with a JSON document (some other REST API)
  'redirect-301', // moved permanently to another host (http -> https, a login page)
  'redirect-307', // temporary redirect to another host
  'slow-headers', // the status line, then nothing
  'trickle-headers', // one header byte every 100 ms, for ever
  'trickle-body', // complete headers, then one body byte every 100 ms
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultServer {
  fault: Fault;
  url: string;
  host: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const SSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n';
const S3_ERROR = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>x</Message><RequestId>FAULT1</RequestId></Error>`;

function answer(status: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

const XML = { 'content-type': 'application/xml' };
const ANSWERS: Partial<Record<Fault, string>> = {
  'server-error': answer('500 Internal Server Error', { 'content-type': 'text/plain' }, 'Internal Server Error\n'),
  'gateway-error': answer('502 Bad Gateway', { 'content-type': 'text/html' }, '<html><title>502 Bad Gateway</title></html>'),
  's3-internal-error': answer('500 Internal Server Error', XML, S3_ERROR('InternalError')),
  'slow-down': answer('503 Slow Down', XML, S3_ERROR('SlowDown')),
  'too-many-requests': answer('429 Too Many Requests', { 'content-type': 'text/plain', 'retry-after': '30' }, 'rate limited\n'),
  'html-page': answer('200 OK', { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><title>Welcome</title>'),
  json: answer('200 OK', { 'content-type': 'application/json' }, '{"status":"ok","items":[]}'),
  'redirect-301': answer('301 Moved Permanently', { location: 'https://storage.example.com/login', 'content-type': 'text/plain' }, 'moved'),
  'redirect-307': answer('307 Temporary Redirect', { location: 'http://127.0.0.1:9/elsewhere', 'content-type': 'text/plain' }, 'elsewhere'),
};

function onRequest(socket: net.Socket, then: () => void): void {
  let seen = '';
  const listener = (chunk: Buffer) => {
    seen += chunk.toString('latin1');
    if (!seen.includes('\r\n\r\n')) return;
    socket.off('data', listener);
    then();
  };
  socket.on('data', listener);
}

function misbehave(fault: Fault, socket: net.Socket, timers: Set<NodeJS.Timeout>): void {
  const every = (ms: number, tick: () => void) => timers.add(setInterval(() => (socket.writable ? tick() : undefined), ms));
  switch (fault) {
    case 'closed':
      return void socket.end();
    case 'silent':
      return;
    case 'not-http':
      return void socket.write(SSH_BANNER);
    case 'closed-after-request':
      return onRequest(socket, () => socket.end());
    case 'reset':
      return onRequest(socket, () => socket.resetAndDestroy());
    case 'truncated-headers':
      return onRequest(socket, () => socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-le'));
    case 'truncated-body':
      return onRequest(socket, () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: 400\r\n\r\n<?xml version="1.0"?><ListBucketResult><Name>'),
      );
    case 'slow-headers':
      return onRequest(socket, () => socket.write('HTTP/1.1 200 OK\r\n'));
    case 'trickle-headers':
      return onRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\nx-padding: ');
        every(100, () => socket.write('a'));
      });
    case 'trickle-body':
      return onRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: 100000\r\n\r\n<?xml version="1.0"?>');
        every(100, () => socket.write(' '));
      });
    default:
      return onRequest(socket, () => socket.end(ANSWERS[fault] ?? ''));
  }
}

export async function startFaultServer(fault: Fault): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    misbehave(fault, socket, timers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fault,
    url: `http://${host}`,
    host,
    connections: () => accepted,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
