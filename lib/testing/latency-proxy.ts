import net from 'node:net';
import type { AddressInfo } from 'node:net';

// Test and benchmark support: a TCP proxy on 127.0.0.1 that holds every chunk for `delayMs` in each
// direction, so a local S3 gateway behaves like a remote one (one round trip = 2 x delay more) and a
// storage check takes long enough to be measured, watched or interrupted. Chunks keep their order.

export interface LatencyProxy {
  url: string;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const { hostname, port } = new URL(target);
  let delay = delayMs;
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) => {
    // Every chunk leaves `delay` after it arrived; same delay for all, so order is kept.
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delay));
    from.on('end', () => setTimeout(() => to.end(), delay));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelay: (ms) => void (delay = ms),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
