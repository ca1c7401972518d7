import 'server-only';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP server in front of Azurite that forwards every request, except those a test
// chooses to deny (an Azure-shaped 403) or to leave unanswered: what a real account with a narrower
// role or a stalled network does, which Azurite alone cannot show.

export type Intercept = 'deny' | 'hang' | null;

export interface BlobForwarder {
  /** The forwarder's origin, to use in place of Azurite's. */
  origin: string;
  close(): Promise<void>;
}

const DENIED = '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>denied by test</Message></Error>';

export async function startBlobForwarder(target: string, intercept: (req: IncomingMessage) => Intercept): Promise<BlobForwarder> {
  const upstream = new URL(target);
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const action = intercept(req);
    if (action === 'hang') {
      hanging.add(res);
      req.resume();
      return;
    }
    if (action === 'deny') {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml', 'x-ms-error-code': 'AuthorizationPermissionMismatch', 'x-ms-request-id': 'forwarder' });
      res.end(DENIED);
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
