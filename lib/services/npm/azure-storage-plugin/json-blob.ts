import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import { isNotFound } from './errors';
import { readAll } from './streams';

// A small JSON object in the container (a package's package.json, the db object), read with its
// ETag and written under a condition, so two writers never silently overwrite each other.

export interface JsonRead<T> {
  value: T;
  etag: string;
}

/** The blob and its ETag, or null when it does not exist. Throws on any other failure. */
export async function readJson<T>(container: ContainerClient, key: string): Promise<JsonRead<T> | null> {
  let response;
  try {
    response = await container.getBlockBlobClient(key).download(0);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const text = await readAll(response.readableStreamBody);
  return { value: JSON.parse(text) as T, etag: response.etag ?? '' };
}

/** Writes the object; `conditions` ifMatch (update what was read) or ifNoneMatch '*' (create only). */
export async function writeJson(container: ContainerClient, key: string, value: unknown, conditions: BlobRequestConditions, pretty = false): Promise<void> {
  const body = Buffer.from(pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value), 'utf8');
  await container.getBlockBlobClient(key).upload(body, body.length, {
    conditions,
    blobHTTPHeaders: { blobContentType: 'application/json' },
  });
}
