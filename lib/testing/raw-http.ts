import http from 'node:http';

// Integration-test helper: requests fetch can't make. TRACE and a Host of our choosing (fetch forbids
// both), a path that is not valid percent-encoding, and a source address picked on the loopback
// network (any of 127.0.0.0/8 reaches a console listening on 127.0.0.1), as clients on other machines would be.

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's address, such as 127.0.0.2. */
  from?: string;
  /** How long the answer may keep us waiting; 20 s unless said. */
  timeoutMs?: number;
}

export function rawRequest(baseUrl: string, { method = 'GET', path, headers = {}, body, from, timeoutMs = 20_000 }: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port: Number(port), method, path, headers, localAddress: from, agent: false, timeout: timeoutMs },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

export const basicAuth = (password: string) => `Basic ${Buffer.from(`api_key:${password}`).toString('base64')}`;
