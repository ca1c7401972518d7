import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { createStorageAgents, type StorageAgents } from '@/lib/network/storage-agent';
import { startFaultServer, type Fault, type FaultServer } from '@/lib/testing/fault-server';
import { objectHttp } from './object-http';

// The object requests' failures, each as the SDK would have named it, against servers that misbehave.

const IDLE_MS = 400;
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

function client(serviceUrl: string) {
  const agents: StorageAgents = createStorageAgents({ caPems: [], proxy: parseProxySettings({}), connectTimeoutMs: IDLE_MS });
  open.push({ close: () => agents.destroy() });
  return objectHttp({ serviceUrl, bucket: 'b', region: 'us-east-1', pathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' }, agents, idleMs: IDLE_MS });
}

async function fault(kind: Fault): Promise<FaultServer> {
  const server = await startFaultServer(kind);
  open.push(server);
  return server;
}

async function httpServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise((resolve) => server.close(resolve)).then(() => server.closeAllConnections()) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as Error & { code?: string; $metadata?: { httpStatusCode: number } });

describe('objectHttp against misbehaving servers', () => {
  it.each([
    ['slow-down', 'SlowDown', 503],
    ['s3-internal-error', 'InternalError', 500],
    ['server-error', 'Http500', 500],
  ] as const)('%s: named %s with its status', async (kind, name, status) => {
    const error = await failure(client((await fault(kind)).url).get('npm/a'));
    expect(error?.name).toBe(name);
    expect(error?.$metadata?.httpStatusCode).toBe(status);
  });

  it('a server that never answers ends in a TimeoutError after the idle time', async () => {
    const started = Date.now();
    const error = await failure(client((await fault('silent')).url).get('npm/a'));
    expect(error?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(IDLE_MS * 5);
  });

  it.each(['closed-after-request', 'reset'] as const)('%s: a connection error with its socket code', async (kind) => {
    const error = await failure(client((await fault(kind)).url).get('npm/a'));
    expect(error?.code).toBe('ECONNRESET');
  });

  it('a body cut short fails the reader, not silently', async () => {
    const answer = await client((await fault('truncated-body')).url).get('npm/a');
    await expect(Readable.from(answer.body).toArray()).rejects.toThrow();
  });

  it('a cancel ends a request in flight', async () => {
    const controller = new AbortController();
    const pending = failure(client((await fault('silent')).url).get('npm/a', controller.signal));
    controller.abort();
    expect((await pending)?.name).toBe('AbortError');
  });
});

describe('objectHttp requests', () => {
  it('signs a GET, and gives the size, tag, content type and user metadata of the answer', async () => {
    let seen: http.IncomingHttpHeaders = {};
    let path = '';
    const url = await httpServer((request, response) => {
      seen = request.headers;
      path = request.url ?? '';
      response.writeHead(200, { 'content-length': '5', etag: '"abc"', 'content-type': 'application/json', 'x-amz-meta-sha': 'x1' }).end('hello');
    });
    const answer = await client(url).get('npm/@s/p b');
    expect(path).toBe('/b/npm/%40s/p%20b');
    expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(seen['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect({ size: answer.size, marker: answer.marker, contentType: answer.contentType, metadata: answer.metadata }).toEqual({ size: 5, marker: '"abc"', contentType: 'application/json', metadata: { sha: 'x1' } });
    expect(Buffer.concat(await answer.body.toArray()).toString()).toBe('hello');
  });

  it('a missing object is NoSuchKey with status 404', async () => {
    const url = await httpServer((_request, response) => response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>'));
    const error = await failure(client(url).get('npm/a'));
    expect([error?.name, error?.message, error?.$metadata?.httpStatusCode]).toEqual(['NoSuchKey', 'gone', 404]);
  });

  it('a PUT sends the length, content type and metadata with the body', async () => {
    let received = '';
    let seen: http.IncomingHttpHeaders = {};
    const url = await httpServer(async (request, response) => {
      seen = request.headers;
      received = Buffer.concat(await request.toArray()).toString();
      response.writeHead(200).end();
    });
    await client(url).put('npm/a', Readable.from([Buffer.from('12'), Buffer.from('345')]), { size: 5, contentType: 'text/plain', metadata: { Sha: 'x1' } });
    expect(received).toBe('12345');
    expect([seen['content-length'], seen['content-type'], seen['x-amz-meta-sha']]).toEqual(['5', 'text/plain', 'x1']);
  });

  it('a PUT refused before its body is all sent fails with the refusal', async () => {
    const url = await httpServer((_request, response) => response.writeHead(403, { 'content-type': 'application/xml', connection: 'close' }).end('<Error><Code>AccessDenied</Code><Message>no</Message></Error>'));
    const endless = new Readable({ read() { this.push(Buffer.alloc(64 * 1024)); } });
    const error = await failure(client(url).put('npm/a', endless, { size: 1e9, contentType: undefined, metadata: {} }));
    expect([error?.name, error?.$metadata?.httpStatusCode]).toEqual(['AccessDenied', 403]);
  });

  it('a PUT whose body fails is that failure', async () => {
    const url = await httpServer(async (request, response) => {
      await request.toArray().catch(() => undefined);
      response.writeHead(200).end();
    });
    const broken = new Readable({ read() { this.destroy(new Error('source broke')); } });
    await expect(client(url).put('npm/a', broken, { size: 10, contentType: undefined, metadata: {} })).rejects.toThrow('source broke');
  });
});
