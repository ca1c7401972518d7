import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { absoluteTarget, connectTarget, endToEndHeaders, proxyAuthorized } from './egress-request';

// The egress proxy of a packages service that is a binary of its own (the Container registry, a Go
// program the reserved-address preload cannot be loaded into). The supervisor runs it as a Node child
// WITH the preload (`node --require index.js egress-proxy.js`) and gives the binary HTTPS_PROXY and
// HTTP_PROXY pointing here: every name the binary connects to is then resolved here, through the
// preload's hooked dns.lookup and socket connect, so a name that resolves to a link-local or metadata
// address is refused, logged and reported on descriptor 3 exactly as in a Node service. It listens on
// loopback only and serves only requests carrying the instance's token (Proxy-Authorization).

const PORT_ENV = 'PACKAGES_CONSOLE_EGRESS_PORT';
const TOKEN_ENV = 'PACKAGES_CONSOLE_EGRESS_TOKEN';
const CONNECT_TIMEOUT_MS = 30_000;

const token = process.env[TOKEN_ENV] ?? '';
const agent = new http.Agent({ keepAlive: true });

function note(text: string): void {
  process.stderr.write(`[packages-console] egress proxy: ${text}\n`);
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
}

/** A refused address is 403 (the preload logged it); anything else the origin did not answer is 502. */
function failureStatus(error: unknown): number {
  return codeOf(error) === 'ERR_RESERVED_ADDRESS' ? 403 : 502;
}

function answerRaw(socket: Duplex, status: number, reason: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
}

const CHALLENGE = 'Proxy-Authenticate: Basic realm="packages-console-egress"\r\n';

function onConnect(request: http.IncomingMessage, client: Duplex, head: Buffer): void {
  client.on('error', () => client.destroy());
  if (!proxyAuthorized(request.headers['proxy-authorization'], token)) return answerRaw(client, 407, 'Proxy Authentication Required', CHALLENGE);
  const target = connectTarget(request.url);
  if (!target) return answerRaw(client, 400, 'Bad Request');
  const upstream = net.connect({ host: target.host, port: target.port });
  let connected = false;
  upstream.setTimeout(CONNECT_TIMEOUT_MS, () => upstream.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
  upstream.once('connect', () => {
    connected = true;
    upstream.setTimeout(0);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', (error) => {
    if (!connected) {
      note(`CONNECT ${request.url} failed: ${codeOf(error)}`);
      answerRaw(client, failureStatus(error), failureStatus(error) === 403 ? 'Forbidden' : 'Bad Gateway');
    } else client.destroy();
  });
  client.on('close', () => upstream.destroy());
}

function onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
  const refuse = (status: number, headers: Record<string, string> = {}) => {
    request.resume();
    response.writeHead(status, { 'content-length': '0', connection: 'close', ...headers }).end();
  };
  if (!proxyAuthorized(request.headers['proxy-authorization'], token)) return refuse(407, { 'proxy-authenticate': 'Basic realm="packages-console-egress"' });
  const target = absoluteTarget(request.url);
  if (!target) return refuse(400);
  const upstream = http.request({ host: target.host, port: target.port, method: request.method, path: target.path, headers: endToEndHeaders(request.headers), agent });
  upstream.setTimeout(CONNECT_TIMEOUT_MS * 4, () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  upstream.on('response', (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.headers));
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  upstream.on('error', (error) => {
    if (response.headersSent) return response.destroy();
    note(`${request.method} http://${target.host}:${target.port} failed: ${codeOf(error)}`);
    refuse(failureStatus(error));
  });
  request.pipe(upstream);
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
}

const server = http.createServer(onRequest);
server.on('connect', onConnect);
// A request line or header the parser refuses: 400, nothing connected.
server.on('clientError', (_error, socket) => {
  if (socket.writable) answerRaw(socket, 400, 'Bad Request');
  else socket.destroy();
});

const port = Number(process.env[PORT_ENV]);
if (!Number.isInteger(port) || port < 1 || port > 65535 || token === '') {
  note(`${PORT_ENV} and ${TOKEN_ENV} must be set`);
  process.exit(2);
}
// SIGTERM (the instance stopping) ends the process at once, tunnels and all: the binary is stopped first.
server.listen(port, '127.0.0.1', () => note(`listening on 127.0.0.1:${port}`));
