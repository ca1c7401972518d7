import http from 'node:http';
import https from 'node:https';

/** The storage agents (lib/network/storage-agent.ts): proxy, trusted CAs and the reserved-address rule. */
export interface PlainAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

// A GET with node:http instead of fetch. Node 20's fetch (undici) never settles when the server closes
// the connection before reading the request: the promise hangs until its signal aborts, and when that
// signal's timer is the only thing left (AbortSignal.timeout is unref'd) the process simply exits, as
// the command line did, printing nothing. node:http reports such a close as an error at once.

export interface PlainAnswer {
  status: number;
  /** The body, up to the limit; empty unless the status is 200. */
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * Settles on every outcome: an answer, any socket error or close, or the signal. Null when no answer came.
 * Without `agents`, a one-off direct connection with Node's default trust.
 */
export function plainGet(url: string, signal: AbortSignal, maxBodyBytes: number, agents?: PlainAgents): Promise<PlainAnswer | null> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(null);
    const secure = url.startsWith('https:');
    const get = secure ? https.get : http.get;
    const agent = agents ? (secure ? agents.httpsAgent : agents.httpAgent) : false;
    let settled = false;
    const finish = (answer: PlainAnswer | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(answer);
    };
    const onAbort = () => finish(null);
    let answered = false;
    const request = get(url, { agent, headers: { accept: '*/*' } }, (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const { headers } = response;
      if (status !== 200) return finish({ status, body: '', headers });
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > maxBodyBytes) return finish({ status, body: Buffer.concat(chunks).toString('utf8'), headers });
        chunks.push(chunk);
      });
      response.on('end', () => finish({ status, body: Buffer.concat(chunks).toString('utf8'), headers }));
      response.on('error', () => finish(null));
      response.on('close', () => finish(response.complete ? { status, body: Buffer.concat(chunks).toString('utf8'), headers } : null));
    });
    request.on('error', () => finish(null));
    // Closed before any answer; after one, the response's own events decide.
    request.on('close', () => (answered ? undefined : finish(null)));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
