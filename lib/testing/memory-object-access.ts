import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectAccess, ObjectInfo, ObjectWriteOptions } from '@/lib/storage/binding';

// An in-memory store behind the ObjectAccess interface, for the migration engine's unit tests: it
// counts what it is asked, can fail chosen calls, and can slow its streams down.

export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
  metadata: Record<string, string>;
  marker: string;
}

export interface MemoryStore extends ObjectAccess {
  objects: Map<string, StoredObject>;
  calls: { reads: number; writes: number; removes: number; writesAborted: number };
  /** Called before each read/write: throw to make it fail. */
  fault?: (call: 'read' | 'write', key: string) => void;
  /** Delay per chunk of a read stream. */
  chunkDelayMs: number;
  put(key: string, body: Buffer | string, contentType?: string, metadata?: Record<string, string>): void;
}

const markerOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;
const PAGE = 3;

function slowStream(body: Buffer, delayMs: number, signal?: AbortSignal): Readable {
  const chunkSize = 64 * 1024;
  async function* chunks() {
    for (let offset = 0; offset < body.length; offset += chunkSize) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      signal?.throwIfAborted();
      yield body.subarray(offset, offset + chunkSize);
    }
  }
  return Readable.from(chunks());
}

export function memoryStore(): MemoryStore {
  const objects = new Map<string, StoredObject>();
  const store: MemoryStore = {
    objects,
    calls: { reads: 0, writes: 0, removes: 0, writesAborted: 0 },
    chunkDelayMs: 0,
    put(key, body, contentType, metadata = {}) {
      const bytes = Buffer.from(body);
      objects.set(key, { body: bytes, contentType, metadata, marker: markerOf(bytes) });
    },
    async list(prefix) {
      return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async read(key) {
      const found = objects.get(key);
      if (!found) throw Object.assign(new Error('not found'), { statusCode: 404 });
      return found.body;
    },
    async remove(key) {
      store.calls.removes += 1;
      objects.delete(key);
    },
    async *listObjects(prefix): AsyncGenerator<ObjectInfo> {
      const keys = [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
      // Paged like a real store: a page is taken only when the previous one is consumed.
      for (let start = 0; start < keys.length; start += PAGE) {
        await Promise.resolve();
        for (const key of keys.slice(start, start + PAGE)) {
          const found = objects.get(key);
          if (found) yield { key, size: found.body.length, marker: found.marker };
        }
      }
    },
    async head(key) {
      const found = objects.get(key);
      return found ? { key, size: found.body.length, marker: found.marker } : null;
    },
    async openRead(key, signal) {
      store.calls.reads += 1;
      store.fault?.('read', key);
      const found = objects.get(key);
      if (!found) throw Object.assign(new Error('not found'), { statusCode: 404 });
      return { key, size: found.body.length, marker: found.marker, contentType: found.contentType, metadata: { ...found.metadata }, body: slowStream(found.body, store.chunkDelayMs, signal) };
    },
    async write(key, body, options: ObjectWriteOptions) {
      store.calls.writes += 1;
      store.fault?.('write', key);
      const parts: Buffer[] = [];
      try {
        for await (const chunk of body) {
          options.signal?.throwIfAborted();
          parts.push(Buffer.from(chunk));
        }
      } catch (error) {
        store.calls.writesAborted += 1;
        throw error;
      }
      const bytes = Buffer.concat(parts);
      if (bytes.length !== options.size) throw Object.assign(new Error('length mismatch'), { statusCode: 400 });
      objects.set(key, { body: bytes, contentType: options.contentType, metadata: options.metadata, marker: markerOf(bytes) });
    },
    close() {},
  };
  return store;
}
