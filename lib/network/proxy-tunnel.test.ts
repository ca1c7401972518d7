import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyIssue } from './proxy-issue';
import { openTunnel, ProxyTunnelError } from './proxy-tunnel';

// Loopback stand-ins for proxy behaviours a real proxy cannot be made to show on demand (a hang);
// the real proxy's cases (CONNECT, 407, refusal, stopped) are in storage-check-network.int.test.ts.
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

async function serve(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

let silent = 0;
let echoing = 0;
beforeAll(async () => {
  silent = await serve(() => undefined);
  // Answers CONNECT, then echoes: the bytes after the header must reach the tunnel's user.
  echoing = await serve((socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\nhello');
      socket.pipe(socket);
    });
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const proxyAt = (port: number) => ({ host: '127.0.0.1', port, authorization: null });

async function failure(promise: Promise<unknown>): Promise<ProxyTunnelError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProxyTunnelError);
  return error as ProxyTunnelError;
}

describe('openTunnel', () => {
  it('times out against a proxy that accepts and never answers, blaming the proxy', async () => {
    const error = await failure(openTunnel(proxyAt(silent), 'storage.example', 443, 300));
    expect(error.code).toBe('ERR_PROXY_TIMEOUT');
    expect(proxyIssue(error, 300)).toEqual({ code: 'proxyTimeout', params: { proxy: `127.0.0.1:${silent}`, seconds: '0.3' } });
  });

  it('says unreachable when nothing listens', async () => {
    const closed = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const error = await failure(openTunnel(proxyAt(closed), 'storage.example', 443, 1_000));
    expect(proxyIssue({ cause: error }, 1_000)).toEqual({ code: 'proxyUnreachable', params: { proxy: `127.0.0.1:${closed}` } });
  });

  it('hands over a tunnel with any bytes that came right after the proxy header', async () => {
    const socket = await openTunnel(proxyAt(echoing), 'storage.example', 443, 1_000);
    const first = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())).resume());
    expect(first).toBe('hello');
    socket.destroy();
  });
});
