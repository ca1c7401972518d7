import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A tiny in-process S3 look-alike for unit tests of the runner's failure paths that a real
// gateway cannot produce on demand (hangs mid-check, multipart-only denials, failing cleanup).
// Path-style only, one bucket, no signature checks: requests without Authorization are "anonymous".

export type Operation =
  | 'ListObjectsV2' | 'ListMultipartUploads' | 'DeleteObject' | 'AbortMultipartUpload'
  | 'PutObject' | 'CreateMultipartUpload' | 'GetObject' | 'ListParts' | 'Anonymous';

export type Behaviour = { error: string; status: number } | 'hang' | { body: string };

export interface FakeS3 {
  url: string;
  objects: Map<string, string>;
  uploads: Map<string, string>; // uploadId -> key
  calls: Operation[];
  /** From the `from`-th call of `operation` on (1-based), answer with `behaviour`. */
  behave(operation: Operation, behaviour: Behaviour, from?: number): void;
  close(): Promise<void>;
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

function operationOf(method: string, key: string, query: URLSearchParams, anonymous: boolean): Operation {
  if (anonymous) return 'Anonymous';
  if (!key) return query.has('uploads') ? 'ListMultipartUploads' : 'ListObjectsV2';
  if (method === 'POST') return 'CreateMultipartUpload';
  if (method === 'PUT') return 'PutObject';
  if (method === 'DELETE') return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return query.has('uploadId') ? 'ListParts' : 'GetObject';
}

function send(res: http.ServerResponse, status: number, body = '') {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
}

function errorXml(code: string): string {
  return `${XML}<Error><Code>${code}</Code><Message>denied AKIASECRETISH</Message></Error>`;
}

export async function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, string>();
  const uploads = new Map<string, string>();
  const behaviours = new Map<Operation, { behaviour: Behaviour; from: number }>();
  const calls: Operation[] = [];
  const sockets = new Set<Socket>();
  let nextUpload = 1;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, , ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const operation = operationOf(req.method ?? 'GET', key, url.searchParams, !req.headers.authorization);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    calls.push(operation);
    // Side effects happen before any configured failure: a hung PUT may still have stored the object.
    if (operation === 'PutObject') objects.set(key, Buffer.concat(chunks).toString('utf8'));
    let created = '';
    if (operation === 'CreateMultipartUpload') {
      created = `upload-${nextUpload++}`;
      uploads.set(created, key);
    }
    const rule = behaviours.get(operation);
    const count = calls.filter((call) => call === operation).length;
    const behaviour = rule && count >= rule.from ? rule.behaviour : undefined;
    if (behaviour === 'hang') return;
    if (behaviour && 'error' in behaviour) {
      if (operation === 'PutObject') objects.delete(key);
      if (operation === 'CreateMultipartUpload') uploads.delete(created);
      return send(res, behaviour.status, errorXml(behaviour.error));
    }
    if (behaviour && 'body' in behaviour) return send(res, 200, behaviour.body);
    const uploadId = url.searchParams.get('uploadId') ?? '';
    switch (operation) {
      case 'Anonymous':
        return send(res, 403, errorXml('AccessDenied'));
      case 'ListObjectsV2': {
        const contents = [...objects.keys()].slice(0, 2).map((k) => `<Contents><Key>${k}</Key></Contents>`).join('');
        return send(res, 200, `${XML}<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`);
      }
      case 'ListMultipartUploads': {
        const prefix = url.searchParams.get('prefix') ?? '';
        const list = [...uploads].filter(([, k]) => k.startsWith(prefix)).map(([id, k]) => `<Upload><Key>${k}</Key><UploadId>${id}</UploadId></Upload>`);
        return send(res, 200, `${XML}<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated>${list.join('')}</ListMultipartUploadsResult>`);
      }
      case 'DeleteObject':
        objects.delete(key);
        return send(res, 204);
      case 'AbortMultipartUpload':
        if (!uploads.delete(uploadId)) return send(res, 404, errorXml('NoSuchUpload'));
        return send(res, 204);
      case 'PutObject':
        return res.writeHead(200, { etag: '"e"', 'content-length': 0 }).end();
      case 'CreateMultipartUpload':
        return send(res, 200, `${XML}<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>${created}</UploadId></InitiateMultipartUploadResult>`);
      case 'GetObject': {
        const body = objects.get(key);
        if (body === undefined) return send(res, 404, errorXml('NoSuchKey'));
        return res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) }).end(body);
      }
      case 'ListParts':
        return send(res, 200, `${XML}<ListPartsResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated></ListPartsResult>`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    uploads,
    calls,
    behave: (operation, behaviour, from = 1) => void behaviours.set(operation, { behaviour, from }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
