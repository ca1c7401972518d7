import http from 'node:http';
import net from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allStatuses, bucketName, createBucket, leftovers, ownerClient, probeTarget, removeBucket, s3Env, statuses } from '@/lib/testing/s3-int-support';
import { runStorageCheck } from './run-storage-check';

// Endpoint- and credential-level failures: reported once, on the field to fix, and nothing else runs.

let owner: S3Client;
let granted = '';
let hanging: net.Server;
const hangingSockets = new Set<net.Socket>();
// A web console on the port the admin typed instead of the S3 API's (MinIO: 9001 instead of 9000).
let webConsole: http.Server;

beforeAll(async () => {
  owner = ownerClient();
  granted = bucketName('errors');
  await createBucket(owner, granted);
  // Accepts TCP connections and never says a word: the classic firewall/proxy black hole.
  hanging = net.createServer((socket) => {
    hangingSockets.add(socket);
    socket.on('close', () => hangingSockets.delete(socket));
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  webConsole = http.createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Console</title>'));
  });
  await new Promise<void>((resolve) => webConsole.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  expect(await leftovers(owner, granted)).toEqual([]);
});

afterAll(async () => {
  for (const socket of hangingSockets) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
  webConsole.closeAllConnections();
  await new Promise((resolve) => webConsole.close(resolve));
  await removeBucket(owner, granted).catch(() => undefined);
  owner?.destroy();
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('runStorageCheck failures against RGW', () => {
  it('a wrong secret points at the secret key field, once', async () => {
    const result = await runStorageCheck(probeTarget(granted, { secretKey: 'not-the-right-secret-key-000000000000000' }));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ code: 'secretKeyMismatch', field: 'secretKey' }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:secretKeyMismatch'));
  });

  it('an unknown access key points at the access key field', async () => {
    const result = await runStorageCheck(probeTarget(granted, { accessKey: 'UNKNOWNACCESSKEY0001' }));
    expect(result.errors).toEqual([{ code: 'accessKeyUnknown', field: 'accessKey' }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:accessKeyUnknown'));
  });

  it('a missing bucket points at the bucket field', async () => {
    const result = await runStorageCheck(probeTarget(`${granted}-missing`));
    expect(result.errors).toEqual([{ code: 'bucketMissing', field: 'bucket' }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:bucketMissing'));
  });

  it('a user without any grant fails each permission on its own', async () => {
    const other = s3Env.user('OTHER');
    const result = await runStorageCheck(probeTarget(granted, other));
    expect(statuses(result)).toEqual({
      ...allStatuses('fail:permissionDenied'),
      's3:GetObject': 'not-run:notRunCannotDelete',
      's3:ListMultipartUploadParts': 'not-run:notRunCannotAbort',
      's3:PutObject': 'not-run:notRunNoCleanup',
    });
    expect(result.errors.map((issue) => issue.permission).sort()).toEqual([
      's3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket', 's3:ListBucketMultipartUploads',
    ]);
  });

  it('a closed port is "connection refused" on the service URL', async () => {
    const port = await closedPort();
    const result = await runStorageCheck(probeTarget(granted, { serviceUrl: `http://127.0.0.1:${port}` }));
    // With the port: it is what the admin most likely has to fix.
    expect(result.errors).toEqual([{ code: 'endpointRefused', field: 'serviceUrl', params: { host: `127.0.0.1:${port}` } }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:endpointRefused'));
  });

  it('an endpoint that never answers times out within 1 s of the limit', async () => {
    const { port } = hanging.address() as net.AddressInfo;
    const started = performance.now();
    const result = await runStorageCheck(probeTarget(granted, { serviceUrl: `http://127.0.0.1:${port}` }), { timeoutMs: 2000 });
    const elapsed = performance.now() - started;
    expect(result.errors).toEqual([{ code: 'endpointTimeout', field: 'serviceUrl', params: { host: `127.0.0.1:${port}`, seconds: '2' } }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:endpointTimeout'));
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(3000);
  });

  it('a web console instead of the S3 API fails on the service URL, with host:port and the HTTP status', async () => {
    const { port } = webConsole.address() as net.AddressInfo;
    const result = await runStorageCheck(probeTarget(granted, { serviceUrl: `http://127.0.0.1:${port}` }), { reuseCleanupProof: false });
    expect(result.errors).toEqual([{ code: 'notS3Endpoint', field: 'serviceUrl', params: { host: `127.0.0.1:${port}`, status: '200' } }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:notS3Endpoint'));
  });

  it('a caller abort ends the check promptly as cancelled', async () => {
    const { port } = hanging.address() as net.AddressInfo;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const result = await runStorageCheck(probeTarget(granted, { serviceUrl: `http://127.0.0.1:${port}` }), { signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(1300);
    expect(result.errors).toEqual([{ code: 'checkCancelled', field: null }]);
  });
});
