import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_OPERATIONS, type AzureOperation } from '../sas';
import { containerName, createContainer, keyConnectionString, leftovers, removeContainer, sasConnectionString, azureEnv, type ContainerSetup } from '@/lib/testing/azurite';
import { runAzureStorageCheck } from './run-storage-check';
import type { AzureCheckResult } from './target';

// The Azure check against a real Azure Blob endpoint (Azurite), with account keys and SAS tokens.

const containers = new Map<string, string>();
const SETUPS: Record<string, ContainerSetup> = {
  granted: {},
  public: { access: 'container' },
  'public-blob': { access: 'blob' },
  used: { blobs: ['v2/blobs/existing'] },
};
const IN_A_YEAR = new Date(Date.now() + 365 * 86_400_000);

function container(label: string): string {
  const name = containers.get(label);
  if (!name) throw new Error(`no container ${label}`);
  return name;
}

function statuses(result: AzureCheckResult): Record<string, string> {
  return Object.fromEntries(result.permissions.map((row) => [row.permission, row.code ? `${row.status}:${row.code}` : row.status]));
}

function all(value: string, overrides: Partial<Record<AzureOperation, string>> = {}): Record<string, string> {
  return { ...Object.fromEntries(AZURE_OPERATIONS.map((operation) => [operation, value])), ...overrides };
}

beforeAll(async () => {
  for (const [label, setup] of Object.entries(SETUPS)) {
    const name = containerName(label);
    await createContainer(name, setup);
    containers.set(label, name);
  }
});

afterEach(async () => {
  for (const name of containers.values()) expect(await leftovers(name), name).toEqual([]);
});

afterAll(async () => {
  for (const name of containers.values()) await removeContainer(name).catch(() => undefined);
});

describe('runAzureStorageCheck against Azurite', () => {
  it('passes all seven rows with an account key, on a private, empty container', async () => {
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString: keyConnectionString() });
    expect(statuses(result)).toEqual(all('pass'));
    expect(result).toMatchObject({ ok: true, errors: [], warnings: [] });
  });

  it('passes all seven rows with a SAS that has every needed letter', async () => {
    const connectionString = sasConnectionString(container('granted'), 'rwdl', IN_A_YEAR);
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString });
    expect(statuses(result)).toEqual(all('pass'));
    expect(result.ok).toBe(true);
  });

  it('fails exactly Delete Blob for a SAS lacking d, and writes nothing it could not remove', async () => {
    const connectionString = sasConnectionString(container('granted'), 'rwl', IN_A_YEAR);
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString });
    expect(statuses(result)).toEqual(
      all('not-run:notRunCannotDelete', { 'List Blobs': 'pass', 'Delete Blob': 'fail:permissionDenied' }),
    );
    expect(result.errors).toEqual([
      { code: 'sasLettersMissing', field: 'azureConnectionString', params: { letters: 'd', operations: 'Delete Blob' } },
      { code: 'permissionDenied', field: null, permission: 'Delete Blob' },
    ]);
  });

  it('fails exactly List Blobs for a SAS lacking l', async () => {
    const connectionString = sasConnectionString(container('granted'), 'rwd', IN_A_YEAR);
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString });
    expect(statuses(result)).toEqual(all('pass', { 'List Blobs': 'fail:permissionDenied' }));
    expect(result.ok).toBe(false);
  });

  it('blames the connection string for a wrong key', async () => {
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString: keyConnectionString(azureEnv.otherAccountKey) });
    expect(result.errors).toEqual([{ code: 'accountKeyMismatch', field: 'azureConnectionString' }]);
    expect(statuses(result)).toEqual(all('not-run:accountKeyMismatch'));
  });

  it('blames the container name for a container that does not exist', async () => {
    const result = await runAzureStorageCheck({ containerName: containerName('missing'), connectionString: keyConnectionString() });
    expect(result.errors).toEqual([{ code: 'containerMissing', field: 'azureContainerName' }]);
    expect(statuses(result)).toEqual(all('not-run:containerMissing'));
  });

  it('refuses an expired SAS before sending any request', async () => {
    const connectionString = sasConnectionString(container('granted'), 'rwdl', new Date(Date.now() - 60_000));
    // An endpoint nothing listens on: any request would turn into endpointRefused instead.
    const unreachable = connectionString.replace(azureEnv.blobEndpoint, 'http://127.0.0.1:9/devstoreaccount1');
    const result = await runAzureStorageCheck({ containerName: container('granted'), connectionString: unreachable });
    expect(result.errors.map((issue) => [issue.code, issue.field])).toEqual([['sasExpired', 'azureConnectionString']]);
    expect(statuses(result)).toEqual(all('not-run:sasExpired'));
  });

  it('warns about a container anyone can list, and one whose blobs anyone can read', async () => {
    const listed = await runAzureStorageCheck({ containerName: container('public'), connectionString: keyConnectionString() });
    expect(listed.ok).toBe(true);
    expect(listed.warnings.map((issue) => issue.code).sort()).toEqual(['bucketPublicList', 'bucketPublicRead']);
    const readable = await runAzureStorageCheck({ containerName: container('public-blob'), connectionString: keyConnectionString() });
    expect(readable.warnings).toEqual([{ code: 'bucketPublicRead', field: 'azureContainerName' }]);
  });

  it('warns about a container that already holds blobs', async () => {
    const result = await runAzureStorageCheck({ containerName: container('used'), connectionString: keyConnectionString() });
    expect(result).toMatchObject({ ok: true, warnings: [{ code: 'bucketNotEmpty', field: 'azureContainerName' }] });
  });
});
