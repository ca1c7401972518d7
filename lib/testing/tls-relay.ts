import net from 'node:net';
import tls from 'node:tls';

// A TLS-terminating loopback relay in front of a real server (the Ceph gateway): each relay serves one
// certificate, so every TLS case of the tests is a port of its own in front of the same gateway.

export interface TlsRelay {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function pipeTo(target: URL, client: net.Socket, sockets: Set<net.Socket>): void {
  const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  client.pipe(upstream).pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
}

/** TLS on a new loopback port (or `port`, when the server behind must know it first), plain TCP to `targetUrl` (http://host:port). */
export async function startTlsRelay(targetUrl: string, cert: string, key: string, port = 0): Promise<TlsRelay> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert, key }, (client) => pipeTo(target, client, sockets));
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Handshakes that fail on purpose (untrusted CA, wrong host) are the point of these relays.
  server.on('tlsClientError', () => undefined);
  const bound = await listen(server, port);
  return { url: `https://127.0.0.1:${bound}`, port: bound, close: closer(server, sockets) };
}

/** A plain TCP relay, so a test can speak https:// to a port that only speaks HTTP. */
export async function startPlainRelay(targetUrl: string): Promise<TlsRelay> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    pipeTo(target, client, sockets);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}
