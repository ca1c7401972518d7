import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, keyConnectionString, leftovers, ownerService, removeContainer } from '@/lib/testing/azurite';
import { startBlobForwarder, type BlobForwarder } from '@/lib/testing/blob-forwarder';
import { runAzureStorageCheck } from './run-storage-check';

// Repeated checks of the same connection string and container skip the Delete Blob proof (three
// rounds instead of four); once deletion is revoked, the check that finds out names the blob it left
// and the next one proves first again.

const container = containerName('reuse');
let forwarder: BlobForwarder;
let denyDelete = false;
const deletes: string[] = [];

beforeAll(async () => {
  await createContainer(container);
  const origin = new URL(azureEnv.blobEndpoint).origin;
  forwarder = await startBlobForwarder(origin, (req) => {
    if (req.method !== 'DELETE') return null;
    deletes.push(req.url ?? '');
    return denyDelete ? 'deny' : null;
  });
});

afterAll(async () => {
  await forwarder?.close();
  await removeContainer(container).catch(() => undefined);
});

describe('Azure check, proven deletion reused', () => {
  it('proves Delete Blob once, skips the proof while it holds, and proves again after deletion failed', async () => {
    const connectionString = keyConnectionString().replace(new URL(azureEnv.blobEndpoint).origin, forwarder.origin);
    const check = () => runAzureStorageCheck({ containerName: container, connectionString });

    expect((await check()).ok).toBe(true);
    expect(deletes).toHaveLength(3); // the proof, then both probe blobs
    deletes.length = 0;
    expect((await check()).ok).toBe(true);
    expect(deletes).toHaveLength(2); // no proof

    denyDelete = true;
    deletes.length = 0;
    const revoked = await check();
    expect(revoked.ok).toBe(false);
    expect(revoked.permissions.find((row) => row.permission === 'Delete Blob')?.status).toBe('fail');
    expect(revoked.errors.map((issue) => issue.code)).toContain('cleanupBlobFailed');
    for (const name of await leftovers(container)) await ownerService().getContainerClient(container).getBlockBlobClient(name).delete();

    deletes.length = 0;
    const proving = await check();
    expect(proving.permissions.find((row) => row.permission === 'Delete Blob')?.status).toBe('fail');
    expect(proving.permissions.find((row) => row.permission === 'Put Blob')?.status).toBe('not-run');
    expect(deletes).toHaveLength(1); // the proof only: nothing was written
    expect(await leftovers(container)).toEqual([]);
  });
});
