import net from 'node:net';
import type { AddressInfo } from 'node:net';

// Test support: a TCP relay on a fixed loopback port in front of the S3 gateway that can be stopped
// (connections refused, as when the gateway is down) and started again on the same port, without
// stopping the gateway other tests share.

export interface SwitchableGateway {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSwitchableGateway(target: string): Promise<SwitchableGateway> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = async () => {
    const next = net.createServer((client) => {
      const upstream = net.connect(Number(targetPort), hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => next.once('error', reject).listen(port, '127.0.0.1', resolve));
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      const current = server;
      server = null;
      if (current) await new Promise((resolve) => current.close(resolve));
    },
    start: listen,
  };
}
