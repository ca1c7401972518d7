import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, keyConnectionString, leftovers, removeContainer } from '@/lib/testing/azurite';
import { startBlobForwarder, type BlobForwarder, type Intercept } from '@/lib/testing/blob-forwarder';
import type { AzureCheckResult } from './target';
import { runAzureStorageCheck } from './run-storage-check';

// Endpoint failures, and cleanup when a request is denied or never answered, against Azurite
// (directly, or through a forwarder that denies or stalls chosen requests).

let container: string;
let forwarder: BlobForwarder | null = null;
const origin = () => new URL(azureEnv.blobEndpoint).origin;

function statuses(result: AzureCheckResult): Record<string, string> {
  return Object.fromEntries(result.permissions.map((row) => [row.permission, row.code ? `${row.status}:${row.code}` : row.status]));
}

/** The check through a forwarder that intercepts the requests `intercept` picks. */
async function checkThrough(intercept: (method: string, url: URL) => Intercept, timeoutMs?: number): Promise<AzureCheckResult> {
  forwarder = await startBlobForwarder(origin(), (req) => intercept(req.method ?? '', new URL(req.url ?? '/', 'http://x')));
  const connectionString = keyConnectionString().replace(origin(), forwarder.origin);
  return runAzureStorageCheck({ containerName: container, connectionString }, { timeoutMs });
}

const isCommit = (method: string, url: URL) => method === 'PUT' && url.searchParams.get('comp') === 'blocklist';

beforeAll(async () => {
  container = containerName('errors');
  await createContainer(container);
});

afterEach(async () => {
  await forwarder?.close();
  forwarder = null;
  expect(await leftovers(container)).toEqual([]);
});

afterAll(async () => {
  await removeContainer(container).catch(() => undefined);
});

describe('runAzureStorageCheck: endpoint failures', () => {
  it('names a port nothing listens on, on the connection string', async () => {
    const connectionString = keyConnectionString().replace(origin(), 'http://127.0.0.1:9');
    const result = await runAzureStorageCheck({ containerName: container, connectionString });
    expect(result.errors).toEqual([{ code: 'endpointRefused', field: 'azureConnectionString', params: { host: '127.0.0.1:9' } }]);
  });

  it('recognises a web server answering instead of Blob storage, even with 200', async () => {
    const web: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome</body></html>');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(web.address() as AddressInfo).port}`;
    try {
      const connectionString = keyConnectionString().replace(origin(), `http://${host}`);
      const result = await runAzureStorageCheck({ containerName: container, connectionString });
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual([{ code: 'notBlobEndpoint', field: 'azureConnectionString', params: { host, status: '200' } }]);
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it('ends a check whose endpoint never answers at its deadline', async () => {
    const started = performance.now();
    const result = await checkThrough(() => 'hang', 800);
    expect(result.errors[0]).toMatchObject({ code: 'endpointTimeout', field: 'azureConnectionString' });
    expect(performance.now() - started).toBeLessThan(800 + 750 + 500);
  });
});

describe('runAzureStorageCheck: staged blocks are never left uncommitted', () => {
  it('discards the staged block when Put Block List is denied', async () => {
    const result = await checkThrough((method, url) => (isCommit(method, url) ? 'deny' : null));
    expect(statuses(result)).toMatchObject({ 'Put Block': 'pass', 'Put Block List': 'fail:permissionDenied', 'Delete Blob': 'pass' });
    expect(result.ok).toBe(false);
  });

  it('discards the staged block when Put Block List never answers', async () => {
    const result = await checkThrough((method, url) => (isCommit(method, url) ? 'hang' : null), 1500);
    expect(result.errors.map((issue) => issue.code)).toContain('endpointTimeout');
    expect(statuses(result)['Put Block']).toBe('pass');
  });

  it('names the blob it could not delete when the final Delete Blob is denied', async () => {
    let deletes = 0;
    // The first delete is the proof (on a missing blob); deny the ones after the writes.
    const result = await checkThrough((method) => (method === 'DELETE' && ++deletes > 1 ? 'deny' : null));
    expect(statuses(result)['Delete Blob']).toBe('fail:permissionDenied');
    expect(result.errors.filter((issue) => issue.code === 'cleanupBlobFailed')).toHaveLength(2);
    // The forwarder denied it, so the owner removes what the check could not.
    const owner = (await import('@/lib/testing/azurite')).ownerService().getContainerClient(container);
    for (const name of await leftovers(container)) await owner.getBlockBlobClient(name).delete();
  });
});
