import { Readable, Transform } from 'node:stream';
import { PART_BYTES, type ObjectInfo, type ObjectReadStream } from '../binding';

// What the storage types' streaming object access shares: cutting a body into parts or blocks, and an
// idle timeout (no byte moved for a while) rather than a cap on a whole request; and the whole-key and
// whole-object calls canaries use, gathered from the streaming ones so each type writes its listing and read once.

/** Bytes per part or block: 8 MiB, larger only when the store's part count limit would be exceeded. */
export function partSizeFor(size: number, maxParts: number, minimum = PART_BYTES): number {
  return Math.max(minimum, Math.ceil(size / maxParts));
}

/** The body as consecutive buffers of `size` bytes (the last shorter): one part in memory at a time. */
export async function* fixedChunks(body: AsyncIterable<Buffer | string>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of body) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    while (length + chunk.length >= size) {
      const take = size - length;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending, size);
      chunk = chunk.subarray(take);
      pending = [];
      length = 0;
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      length += chunk.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

/** An SDK's response body as the Node stream it is at run time. */
export function isReadable(value: unknown): value is Readable {
  return value instanceof Readable;
}

export interface IdleWatch {
  /** Aborted when the caller's signal is, or when nothing moved for the idle time. */
  signal: AbortSignal;
  /** Progress: restarts the idle time. */
  touch(): void;
  /** Nothing in flight (a caller consuming what came): the idle time stops until the next touch. */
  pause(): void;
  /** A pass-through of `stream` that counts as progress. */
  watch(stream: Readable): Readable;
  done(): void;
}

export function idleWatch(idleMs: number, outer?: AbortSignal): IdleWatch {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expire = () => controller.abort(Object.assign(new Error(`no progress for ${idleMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
  const touch = () => {
    clearTimeout(timer);
    if (!controller.signal.aborted) timer = setTimeout(expire, idleMs);
  };
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  touch();
  return {
    signal: controller.signal,
    touch,
    pause: () => clearTimeout(timer),
    watch(stream) {
      const through = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          touch();
          callback(null, chunk);
        },
      });
      stream.on('error', (error) => through.destroy(error));
      through.on('close', () => {
        if (!stream.destroyed && !stream.readableEnded) stream.destroy();
      });
      return stream.pipe(through);
    },
    done() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}

/** Every key of a listing (canaries list a handful; a copy walks the listing itself). */
export async function keysOf(listing: AsyncIterable<ObjectInfo>): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of listing) keys.push(object.key);
  return keys;
}

/** An opened object's bytes, whole: for the small objects canaries read back. */
export async function bytesOf(opened: ObjectReadStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
