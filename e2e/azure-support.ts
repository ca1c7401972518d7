import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

// The Azurite blob service scripts/with-s3.sh starts next to Ceph, for the Azure e2e tests.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through scripts/with-s3.sh (npm run test:e2e)`);
  return value;
}

export const azurite = {
  get account() { return required('AZURE_TEST_ACCOUNT'); },
  get accountKey() { return required('AZURE_TEST_ACCOUNT_KEY'); },
  get blobEndpoint() { return `${required('AZURE_TEST_BLOB_ENDPOINT')}/${this.account}`; },
  get connectionString() {
    return `DefaultEndpointsProtocol=http;AccountName=${this.account};AccountKey=${this.accountKey};BlobEndpoint=${this.blobEndpoint}`;
  },
};

/** A private container for one test (created once; reruns reuse it). */
export async function createContainer(name: string): Promise<string> {
  const service = new BlobServiceClient(azurite.blobEndpoint, new StorageSharedKeyCredential(azurite.account, azurite.accountKey));
  await service.getContainerClient(name).createIfNotExists();
  return name;
}
