import { PassThrough, type Readable } from 'node:stream';

// The stream types Verdaccio 6.8's local storage expects from a storage plugin (@verdaccio/streams'
// UploadTarball and ReadTarball): a PassThrough with `abort()`, and `done()` for uploads. Verdaccio
// listens for 'open', 'success', 'content-length' and 'error' on them.

export class TarballWriteStream extends PassThrough {
  abort: () => void = () => {};
  done: () => void = () => {};
}

export class TarballReadStream extends PassThrough {
  abort: () => void = () => {};
}

/** The whole body of a small blob (package.json, the db object) as text. */
export async function readAll(body: Readable | NodeJS.ReadableStream | undefined): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
