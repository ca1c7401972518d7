import 'server-only';
import { BlobServiceClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { PROBE_PREFIX } from '@/lib/storage/check/probe-prefix';

// Integration-test helpers for the local Azurite blob service started by scripts/with-azure.sh
// (also run by scripts/with-s3.sh). devstoreaccount1 owns the containers; devstoreaccount2 exists
// only so a real key of the wrong account can be tried.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through scripts/with-azure.sh or scripts/with-s3.sh`);
  return value;
}

export const azureEnv = {
  get account() {
    return required('AZURE_TEST_ACCOUNT');
  },
  /** The account's Blob service URL (Azurite addresses accounts by path). */
  get blobEndpoint() {
    return `${required('AZURE_TEST_BLOB_ENDPOINT')}/${this.account}`;
  },
  get accountKey() {
    return required('AZURE_TEST_ACCOUNT_KEY');
  },
  get otherAccountKey() {
    return required('AZURE_TEST_OTHER_ACCOUNT_KEY');
  },
};

function credential(): StorageSharedKeyCredential {
  return new StorageSharedKeyCredential(azureEnv.account, azureEnv.accountKey);
}

export function ownerService(): BlobServiceClient {
  return new BlobServiceClient(azureEnv.blobEndpoint, credential());
}

/** The account-key connection string; `key` replaces the key (a wrong key is a real key of another account). */
export function keyConnectionString(key = azureEnv.accountKey): string {
  return `DefaultEndpointsProtocol=http;AccountName=${azureEnv.account};AccountKey=${key};BlobEndpoint=${azureEnv.blobEndpoint}`;
}

/** A SAS connection string for one container, with the chosen permission letters and expiry. */
export function sasConnectionString(container: string, permissions: string, expiresOn: Date): string {
  const token = generateBlobSASQueryParameters(
    { containerName: container, permissions: ContainerSASPermissions.parse(permissions), expiresOn, startsOn: new Date(Date.now() - 5 * 60_000) },
    credential(),
  ).toString();
  return `BlobEndpoint=${azureEnv.blobEndpoint};SharedAccessSignature=${token}`;
}

/** Unique per run, so reruns against a kept server never see an old container. */
export function containerName(label: string): string {
  return `ac-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${label}`.slice(0, 63).replace(/-+$/, '');
}

export interface ContainerSetup {
  access?: 'blob' | 'container';
  /** Owner-written blobs outside the probe prefix. */
  blobs?: string[];
}

export async function createContainer(name: string, setup: ContainerSetup = {}): Promise<void> {
  const container = ownerService().getContainerClient(name);
  await container.create(setup.access ? { access: setup.access } : {});
  for (const blob of setup.blobs ?? []) await container.getBlockBlobClient(blob).upload('existing', 8);
}

/** What the check left behind, committed or not, seen by the owner: must always be empty. */
export async function leftovers(name: string): Promise<string[]> {
  const found: string[] = [];
  const blobs = ownerService().getContainerClient(name).listBlobsFlat({ prefix: PROBE_PREFIX, includeUncommitedBlobs: true });
  for await (const blob of blobs) found.push(blob.name);
  return found;
}

export async function removeContainer(name: string): Promise<void> {
  await ownerService().getContainerClient(name).deleteIfExists();
}
