import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, keyConnectionString, ownerService, removeContainer, sasConnectionString } from '@/lib/testing/azurite';
import { HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import { probeAzureHealth } from './health-probe';

// The Azure health probe against Azurite: Put Blob, Get Blob, Delete Blob and List Blobs timed, their
// failures classified with the Azure check's codes, nothing left behind.

const container = containerName('health');
const options = { timeoutMs: 5000 };
const statuses = (result: Awaited<ReturnType<typeof probeAzureHealth>>) => result.operations.map((outcome) => `${outcome.operation}:${outcome.status}${outcome.code ? `:${outcome.code}` : ''}`);

async function probeBlobs(): Promise<string[]> {
  const found: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix: HEALTH_PREFIX, includeUncommitedBlobs: true })) found.push(blob.name);
  return found;
}

beforeAll(async () => {
  await createContainer(container);
});
afterAll(async () => {
  await removeContainer(container).catch(() => undefined);
});

describe('Azure health probe on Azurite', () => {
  it('passes all four operations with the account key, timing each, and leaves no blob', async () => {
    const result = await probeAzureHealth({ containerName: container, connectionString: keyConnectionString() }, options);
    expect(statuses(result)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:pass']);
    for (const outcome of result.operations) expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.certificateExpiresAt).toBeNull();
    expect(await probeBlobs()).toEqual([]);
  });

  it('fails the list with the wrong-key cause, and writes nothing after it', async () => {
    const result = await probeAzureHealth({ containerName: container, connectionString: keyConnectionString(azureEnv.otherAccountKey) }, options);
    expect(statuses(result)[0]).toBe('list:fail:accountKeyMismatch');
    expect(result.operations.find((outcome) => outcome.operation === 'read')?.status).toBe('not-run');
    expect(await probeBlobs()).toEqual([]);
  });

  it('fails exactly Delete Blob for a SAS without d, and the next good probe removes the blob left behind', async () => {
    const noDelete = sasConnectionString(container, 'rwl', new Date(Date.now() + 86_400_000));
    const result = await probeAzureHealth({ containerName: container, connectionString: noDelete }, options);
    expect(statuses(result)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:fail:permissionDenied']);
    expect(result.operations[3]?.params?.permission).toBe('Delete Blob');
    expect(await probeBlobs()).toHaveLength(1);
    const next = await probeAzureHealth({ containerName: container, connectionString: keyConnectionString() }, options);
    expect(statuses(next)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:pass']);
    expect(await probeBlobs()).toEqual([]);
  });

  it('refuses an expired SAS before any request, with the connection string’s reason', async () => {
    const expired = sasConnectionString(container, 'rwdl', new Date(Date.now() - 60_000));
    const result = await probeAzureHealth({ containerName: container, connectionString: expired }, options);
    expect(result.operations[0]).toMatchObject({ operation: 'list', status: 'fail', latencyMs: null });
    expect(result.operations[0]?.code).toMatch(/expired/i);
  });
});
