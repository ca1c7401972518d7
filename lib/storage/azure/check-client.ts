import 'server-only';
import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { ParsedConnectionString } from './connection-string';

/** The container as the signed (account key or SAS) client addresses it; one attempt per request. */
export function createContainerClient(parsed: ParsedConnectionString, containerName: string, timeoutMs: number): ContainerClient {
  const url = `${parsed.blobEndpoint}/${encodeURIComponent(containerName)}`;
  // A retry would hide the first error and stretch the timing the admin sees.
  const options = { retryOptions: { maxTries: 1, tryTimeoutInMs: timeoutMs } };
  const { credential } = parsed;
  if (credential.kind === 'sas') return new ContainerClient(`${url}?${credential.token}`, new AnonymousCredential(), options);
  return new ContainerClient(url, new StorageSharedKeyCredential(credential.accountName, credential.accountKey), options);
}

/** The container's URL for an anonymous visitor: no key, no SAS. */
export function anonymousContainerUrl(parsed: ParsedConnectionString, containerName: string): string {
  return `${parsed.blobEndpoint}/${encodeURIComponent(containerName)}`;
}
