import 'server-only';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import type { StorageAgents } from '@/lib/network/storage-agent';
import type { TemporaryCredentials } from './credentials/types';
import { objectLocation } from './object-url';
import { readErrorAnswer, S3AnswerError } from './object-http-errors';

// An object's GET and single PUT as plain signed HTTP requests: the SDK's middleware stack costs about
// as much CPU per request as moving a small object's bytes, and a move is mostly small objects. Measured
// on Ceph RGW with 300 objects: half the CPU and a faster copy. Listing, head and multipart stay on the
// SDK (few requests, or large ones). The same agents carry the requests, so the trusted CAs, the proxy and
// the reserved-address refusal apply as to every other request to the storage.

export interface ObjectHttpOptions {
  serviceUrl: string;
  bucket: string;
  region: string;
  pathStyle: boolean;
  credentials: TemporaryCredentials | (() => Promise<TemporaryCredentials>);
  agents: StorageAgents;
  /** No byte moved for this long ends the request; also the deadline to connect. */
  idleMs: number;
}

export interface ObjectAnswer {
  size: number;
  marker: string;
  body: Readable;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

export interface PutOptions {
  size: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
  signal?: AbortSignal;
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The signer's hash: SHA-256, or HMAC-SHA-256 when given a key. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const META = 'x-amz-meta-';

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no progress for ${ms} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}

function metadataOf(headers: http.IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META) && value !== undefined) metadata[name.slice(META.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  return metadata;
}

export function objectHttp(options: ObjectHttpOptions) {
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });

  async function request(method: 'GET' | 'PUT', key: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<http.ClientRequest> {
    const where = objectLocation(options.serviceUrl, options.bucket, key, options.pathStyle);
    // The payload is not hashed into the signature: it streams, and TLS (or loopback) protects it on the way.
    const signed = await signer.sign({ method, protocol: where.protocol, hostname: where.hostname, port: where.port, path: where.path, query: {}, headers: { ...headers, host: where.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const secure = where.protocol === 'https:';
    const send = secure ? https.request : http.request;
    const agent = secure ? options.agents.httpsAgent : options.agents.httpAgent;
    // `timeout` as an option (not setTimeout) also bounds the connect; then it is the socket's idle time.
    const outgoing = send({ agent, method, protocol: where.protocol, hostname: where.hostname, port: where.port, path: where.path, headers: signed.headers, signal, timeout: options.idleMs });
    outgoing.on('timeout', () => outgoing.destroy(timeoutError(options.idleMs)));
    return outgoing;
  }

  function answer(outgoing: http.ClientRequest): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      outgoing.once('response', resolve);
      outgoing.once('error', reject);
    });
  }

  async function checked(response: http.IncomingMessage): Promise<http.IncomingMessage> {
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    throw await readErrorAnswer(response);
  }

  return {
    async get(key: string, signal?: AbortSignal): Promise<ObjectAnswer> {
      const outgoing = await request('GET', key, {}, signal);
      outgoing.end();
      const response = await checked(await answer(outgoing));
      const size = Number(response.headers['content-length'] ?? Number.NaN);
      if (!Number.isSafeInteger(size)) {
        response.destroy();
        throw new S3AnswerError(response.statusCode ?? 0, 'MissingContentLength', 'the answer has no content length');
      }
      return { size, marker: response.headers.etag ?? '', body: response, contentType: response.headers['content-type'], metadata: metadataOf(response.headers) };
    },
    async put(key: string, body: Readable, put: PutOptions): Promise<void> {
      const headers: Record<string, string> = { 'content-length': String(put.size) };
      if (put.contentType) headers['content-type'] = put.contentType;
      for (const [name, value] of Object.entries(put.metadata)) headers[`${META}${name.toLowerCase()}`] = value;
      const outgoing = await request('PUT', key, headers, put.signal);
      const answered = answer(outgoing);
      // A body that fails (its source broke) fails the request; the request's end releases the body.
      body.once('error', (error) => outgoing.destroy(error));
      body.pipe(outgoing);
      try {
        const response = await checked(await answered);
        response.resume();
      } catch (error) {
        // Refused before the body was all sent: the socket is in no state to be reused.
        outgoing.destroy();
        throw error;
      }
    },
  };
}

export type ObjectHttp = ReturnType<typeof objectHttp>;
