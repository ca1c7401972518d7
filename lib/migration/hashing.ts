import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { ObjectAccess } from './types';

// SHA-256 and byte count computed while an object streams through, never holding it whole.

const GATHER_BYTES = 256 * 1024;

export interface HashedStream {
  stream: Readable;
  /** Valid once the stream has ended. */
  result(): { bytes: number; sha256: string };
}

export function hashing(body: Readable, onBytes?: (bytes: number) => void): HashedStream {
  const hash = createHash('sha256');
  let bytes = 0;
  // Small network reads gathered into larger writes: fewer, fuller requests to the target's socket.
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const through = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      gathered.push(chunk);
      gatheredBytes += chunk.length;
      if (gatheredBytes < GATHER_BYTES) return callback();
      const out = Buffer.concat(gathered, gatheredBytes);
      gathered = [];
      gatheredBytes = 0;
      callback(null, out);
    },
    flush(callback) {
      callback(null, gatheredBytes > 0 ? Buffer.concat(gathered, gatheredBytes) : null);
    },
  });
  // A failing source fails the stream its consumer reads; a consumer giving up releases the source.
  pipeline(body, through, () => undefined);
  let digest: string | undefined;
  return {
    stream: through,
    result: () => ({ bytes, sha256: (digest ??= hash.digest('hex')) }),
  };
}

/** Reads the object to its end, keeping only its size and hash. */
export async function hashObject(access: ObjectAccess, key: string, signal?: AbortSignal): Promise<{ bytes: number; sha256: string; size: number }> {
  const read = await access.openRead(key, signal);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of read.body) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex'), size: read.size };
}
