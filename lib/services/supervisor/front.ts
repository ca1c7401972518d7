import 'server-only';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { credentialRule, type AnonymousRead } from './front-rules';

// The stable public address of one ecosystem: a small front on http-proxy-3 in front of whichever
// instance currently serves it. Switching points new requests at the new instance at once (one
// assignment), lets the old one finish what it already accepted, and only then lets it be stopped.
// Read-Only is enforced here, the same way for every service, and so are anonymous reads
// (front-rules.ts) for a service whose instance allows them.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Backend {
  target: string;
  agent: http.Agent;
  inflight: number;
  idle: (() => void)[];
  /** The instance's internal read account, when anonymous reads are on: it belongs to that instance, so it switches with it. */
  anonymousRead?: AnonymousRead;
}

export interface SwitchOptions {
  drainTimeoutMs?: number;
  /** What the front adds to a credential-less read (RenderedService.anonymousRead). */
  anonymousRead?: AnonymousRead;
}

export interface FrontOptions {
  host: string;
  port: number;
  /** How long the instance has to answer (large uploads included). */
  proxyTimeoutMs?: number;
}

function sendJson(res: http.ServerResponse, status: number, error: string): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export class ServiceFront {
  readOnly = false;
  /** A configuration run's hold on writes (the final copy of a storage move): read-only whatever the mode. */
  writesHeld = false;
  private backend: Backend | null = null;
  private readonly proxy = createProxyServer({ xfwd: true });
  private readonly server: http.Server;

  constructor(private readonly options: FrontOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    // The front never answers slower than the instance behind it: no request timeout of its own.
    this.server.requestTimeout = 0;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  get target(): string | null {
    return this.backend?.target ?? null;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    if ((this.readOnly || this.writesHeld) && !SAFE_METHODS.has(method)) {
      req.resume();
      return sendJson(res, 403, 'This registry is read-only: existing packages can be downloaded, new ones cannot be uploaded.');
    }
    const backend = this.backend;
    if (!backend) return sendJson(res, 503, 'This service is not running.');
    const rule = credentialRule(method, req.url ?? '/', req.headers, backend.anonymousRead);
    if (rule.action === 'refuse') {
      req.resume();
      return sendJson(res, 401, 'This credential cannot be used to upload.');
    }
    // Set on the incoming request before http-proxy-3 copies its headers to the instance.
    if (rule.action === 'add') req.headers.authorization = rule.authorization;
    backend.inflight += 1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      backend.inflight -= 1;
      if (backend.inflight === 0) for (const wake of backend.idle.splice(0)) wake();
    };
    res.on('close', finish);
    this.proxy.web(req, res, { target: backend.target, agent: backend.agent, proxyTimeout: this.options.proxyTimeoutMs ?? 300_000 }, () =>
      sendJson(res, 502, 'The service did not answer.'),
    );
  }

  /**
   * Sends new requests to `target` from now on; resolves once the previous instance has no request in
   * flight (or `drainTimeoutMs` passed), when the caller may stop it.
   */
  async switchTo(target: string, { drainTimeoutMs = 30_000, anonymousRead }: SwitchOptions = {}): Promise<void> {
    const previous = this.backend;
    this.backend = { target, agent: new http.Agent({ keepAlive: true }), inflight: 0, idle: [], anonymousRead };
    if (previous) await this.drain(previous, drainTimeoutMs);
  }

  /** No instance: requests get 503 until the next switch. */
  async detach(drainTimeoutMs = 30_000): Promise<void> {
    const previous = this.backend;
    this.backend = null;
    if (previous) await this.drain(previous, drainTimeoutMs);
  }

  private async drain(backend: Backend, timeoutMs: number): Promise<void> {
    if (backend.inflight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        backend.idle.push(() => (clearTimeout(timer), resolve()));
      });
    }
    backend.agent.destroy();
  }

  async close(): Promise<void> {
    await this.detach(5000);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.proxy.close();
  }
}
