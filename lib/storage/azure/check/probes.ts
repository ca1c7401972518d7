import 'server-only';
import type { ContainerClient } from '@azure/storage-blob';
import { plainGet, type PlainAgents } from '@/lib/http/plain-get';
import { isWebPageType } from '@/lib/storage/check/error-shape';
import { attempt, type Outcome } from '@/lib/storage/check/outcome';

// One thin wrapper per Blob REST operation (never throwing: lib/storage/check/outcome.ts).

export interface AzureProbeContext {
  container: ContainerClient;
  signal: AbortSignal;
  /** The container client's agents, for the anonymous requests. */
  agents: PlainAgents;
}

const MAX_BODY_BYTES = 64 * 1024;

/** An error shaped like the SDK's for an answer that did not come from Blob storage (see classify-error.ts). */
function notBlobStorage(response: { status: number; headers: { get(name: string): string | undefined } } | undefined): Error {
  return Object.assign(new Error('The answer did not come from Azure Blob Storage'), {
    name: 'NotBlobStorage',
    statusCode: response?.status ?? 200,
    response: { headers: response?.headers ?? { get: () => undefined } },
  });
}

/** List Blobs, one page of two names: enough to tell "only our probes" from "something else lives here". */
export function listBlobs({ container, signal }: AzureProbeContext): Promise<Outcome<string[]>> {
  return attempt(async () => {
    const page = await container.listBlobsFlat({ abortSignal: signal }).byPage({ maxPageSize: 2 }).next();
    if (page.done) return [];
    // Anything answering 200 with a body the SDK half-parses (a web page) has no request ID and no listing.
    if (!page.value.requestId || !page.value.segment) throw notBlobStorage(page.value._response);
    return (page.value.segment.blobItems ?? []).map((item) => item.name);
  });
}

export function deleteBlob({ container, signal }: AzureProbeContext, name: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await container.getBlockBlobClient(name).delete({ abortSignal: signal });
  });
}

export function putBlob({ container, signal }: AzureProbeContext, name: string, body: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
      abortSignal: signal,
      blobHTTPHeaders: { blobContentType: 'text/plain' },
    });
  });
}

export function putBlock({ container, signal }: AzureProbeContext, name: string, blockId: string, body: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await container.getBlockBlobClient(name).stageBlock(blockId, body, Buffer.byteLength(body), { abortSignal: signal });
  });
}

export function putBlockList({ container, signal }: AzureProbeContext, name: string, blockIds: string[]): Promise<Outcome<void>> {
  return attempt(async () => {
    await container.getBlockBlobClient(name).commitBlockList(blockIds, { abortSignal: signal });
  });
}

/** Get Block List of committed and uncommitted blocks: the staged block is listed before and after the commit. */
export function getBlockList({ container, signal }: AzureProbeContext, name: string): Promise<Outcome<string[]>> {
  return attempt(async () => {
    const list = await container.getBlockBlobClient(name).getBlockList('all', { abortSignal: signal });
    return [...(list.committedBlocks ?? []), ...(list.uncommittedBlocks ?? [])].map((block) => block.name);
  });
}

export function getBlob({ container, signal }: AzureProbeContext, name: string): Promise<Outcome<string>> {
  return attempt(async () => {
    const response = await container.getBlockBlobClient(name).download(0, undefined, { abortSignal: signal });
    const stream = response.readableStreamBody;
    if (!stream) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > MAX_BODY_BYTES) break;
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  });
}

export interface AnonymousAnswer {
  status: number;
  body: string;
  /** Blob storage answers every request, even a refused anonymous one, with a request ID and never with a web page. */
  fromBlobStorage: boolean;
}

/**
 * Anonymous GET, with no Authorization and no SAS. Any failure means "not public": these feed
 * advisories, which must never turn a passing check into a failing one.
 */
export async function anonymousGet(url: string, { signal, agents }: Pick<AzureProbeContext, 'signal' | 'agents'>): Promise<AnonymousAnswer | null> {
  // node:http, not fetch: fetch never settles when the server closes the connection before reading the request.
  // The check's agents, as for the signed requests: the same proxy, trusted CAs and address rule.
  const answer = await plainGet(url, signal, MAX_BODY_BYTES, agents);
  if (!answer) return null;
  const fromBlobStorage = answer.headers['x-ms-request-id'] !== undefined && !isWebPageType(answer.headers['content-type']);
  return { status: answer.status, body: answer.body, fromBlobStorage };
}
