import 'server-only';
import net from 'node:net';

/** A port free on 127.0.0.1 now, for a new instance (the front's own port is fixed by the environment). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
