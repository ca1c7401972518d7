import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Loopback stand-ins for the credential endpoints of the AWS chain: a container-credentials endpoint
// (ECS, EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_FULL_URI) and an instance metadata address that
// accepts connections and never answers.

export interface LoopbackEndpoint {
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}

async function listen(server: Server, counter: { count: number }): Promise<LoopbackEndpoint> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => counter.count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every GET with `answer()`: the JSON body of a container-credentials response, or an HTTP status. */
export function containerCredentialsEndpoint(answer: () => Promise<object | number>): Promise<LoopbackEndpoint> {
  const counter = { count: 0 };
  const server = createServer((request, response) => {
    counter.count += 1;
    answer().then(
      (body) => {
        if (typeof body === 'number') response.writeHead(body).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      () => response.writeHead(500).end(),
    );
  });
  return listen(server, counter);
}

/** Takes connections and never answers: instance metadata that is "there" but hangs. */
export function silentEndpoint(): Promise<LoopbackEndpoint> {
  const counter = { count: 0 };
  const server = createServer(() => {
    counter.count += 1;
  });
  return listen(server, counter);
}
