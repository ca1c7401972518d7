import 'server-only';
import { randomBytes } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { ObjectAccess, ObjectInfo } from '../binding';
import { fixedChunks, idleWatch, isReadable, partSizeFor } from '../shared/object-stream';

// Streaming object access to one container: paged listing, read and head, and block blob uploads that go
// up whole when small and by blocks (stageBlock, then commitBlockList) when larger than one block. The
// client's own per-try timeout is a cap on a whole request, so each call here is bounded by an idle
// timeout instead, fed by the SDK's progress reports.

type Streams = Pick<ObjectAccess, 'listObjects' | 'head' | 'openRead' | 'write'>;

const MAX_BLOCKS = 50_000;
const PAGE_SIZE = 1000;

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** Metadata names must be C# identifiers here; other stores allow dashes and dots. */
export function blobMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_'), value]));
}

/** Same length for every block of a blob, as the service requires; random so two uploads never mix. */
function blockId(upload: string, index: number): string {
  return Buffer.from(`${upload}-${String(index).padStart(6, '0')}`).toString('base64');
}

export function azureObjectStreams(container: ContainerClient, idleMs: number): Streams {
  async function bounded<T>(signal: AbortSignal | undefined, call: (watch: ReturnType<typeof idleWatch>) => Promise<T>): Promise<T> {
    const watch = idleWatch(idleMs, signal);
    try {
      return await call(watch);
    } finally {
      watch.done();
    }
  }

  return {
    async *listObjects(prefix, signal) {
      const watch = idleWatch(idleMs, signal);
      const pages = container.listBlobsFlat({ prefix, abortSignal: watch.signal }).byPage({ maxPageSize: PAGE_SIZE })[Symbol.asyncIterator]();
      try {
        for (;;) {
          // Timed while a page is requested, not while the caller works through the last one.
          watch.touch();
          const page = await pages.next();
          watch.pause();
          if (page.done) return;
          for (const blob of page.value.segment.blobItems) yield { key: blob.name, size: blob.properties.contentLength ?? 0, marker: blob.properties.etag ?? '' };
        }
      } finally {
        watch.done();
      }
    },
    async head(key, signal): Promise<ObjectInfo | null> {
      try {
        const properties = await bounded(signal, (watch) => container.getBlobClient(key).getProperties({ abortSignal: watch.signal }));
        return { key, size: properties.contentLength ?? 0, marker: properties.etag ?? '' };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },
    async openRead(key, signal) {
      const watch = idleWatch(idleMs, signal);
      try {
        const answer = await container.getBlobClient(key).download(0, undefined, { abortSignal: watch.signal, onProgress: watch.touch, maxRetryRequests: 0 });
        const stream = answer.readableStreamBody;
        if (!isReadable(stream)) throw new Error('the blob has no body stream');
        const body = watch.watch(stream);
        body.once('close', watch.done);
        return { key, size: answer.contentLength ?? 0, marker: answer.etag ?? '', body, contentType: answer.contentType, metadata: answer.metadata ?? {} };
      } catch (error) {
        watch.done();
        throw error;
      }
    },
    async write(key, body, options) {
      const blob = container.getBlockBlobClient(key);
      const headers = { blobHTTPHeaders: { blobContentType: options.contentType }, metadata: blobMetadata(options.metadata) };
      const blockSize = partSizeFor(options.size, MAX_BLOCKS);
      if (options.size <= blockSize) {
        await bounded(options.signal, (watch) => blob.upload(() => watch.watch(body), options.size, { ...headers, abortSignal: watch.signal, onProgress: watch.touch }));
        return;
      }
      // Staged blocks never committed are dropped by the service on its own: a failed upload leaves no blob.
      const upload = randomBytes(6).toString('hex');
      const ids: string[] = [];
      for await (const block of fixedChunks(body, blockSize)) {
        const id = blockId(upload, ids.length);
        await bounded(options.signal, (watch) => blob.stageBlock(id, block, block.length, { abortSignal: watch.signal, onProgress: watch.touch }));
        ids.push(id);
      }
      await bounded(options.signal, (watch) => blob.commitBlockList(ids, { ...headers, abortSignal: watch.signal }));
    },
  };
}
