import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContainerClient } from '@azure/storage-blob';
import { getConflict, getNotFound, isConflict, isNotFound, toVerdaccioError, type VerdaccioError } from './errors';
import { readJson, writeJson } from './json-blob';
import { fileKey, PACKAGE_FILE } from './keys';
import { TarballReadStream, TarballWriteStream } from './streams';
import { logFailure, type Logger } from './logger';

// One package's files in the container: Verdaccio 6.8's IPackageStorage (callback style, as
// verdaccio-aws-s3-storage implements it), with 404/409 as Verdaccio expects them.

type Callback = (err?: VerdaccioError | Error | null, value?: unknown) => void;
type Manifest = Record<string, unknown>;
type UpdateHandler = (json: Manifest, cb: (err?: Error | null) => void) => void;
type OnWrite = (name: string, json: Manifest, cb: (err?: Error | null) => void) => void;

/**
 * Verdaccio writes an updated manifest through its own `_writePackage`, which calls savePackage on a
 * fresh instance: the ETag read by updatePackage reaches that savePackage through this context.
 */
const expectedEtag = new AsyncLocalStorage<{ key: string; etag: string }>();
const UPDATE_ATTEMPTS = 5;
// 4 MiB blocks, two in flight: at most about 8 MiB of a tarball is held in memory.
const BLOCK_SIZE = 4 * 1024 * 1024;
const BLOCKS_IN_FLIGHT = 2;

export class AzurePackageStorage {
  private readonly manifestKey: string;

  constructor(
    private readonly container: ContainerClient,
    private readonly folder: string,
    private readonly logger: Logger,
  ) {
    this.manifestKey = fileKey(folder, PACKAGE_FILE);
  }

  createPackage(_name: string, value: Manifest, callback: Callback): void {
    writeJson(this.container, this.manifestKey, value, { ifNoneMatch: '*' }, true).then(
      () => callback(null),
      (error) => callback(isConflict(error) ? getConflict('package already exists') : this.failure('create package.json', error)),
    );
  }

  savePackage(_name: string, value: Manifest, callback: Callback): void {
    const expected = expectedEtag.getStore();
    const conditions = expected?.key === this.manifestKey ? { ifMatch: expected.etag } : {};
    writeJson(this.container, this.manifestKey, value, conditions, true).then(
      () => callback(null),
      (error) => callback(isConflict(error) ? getConflict('package.json changed meanwhile') : this.failure('write package.json', error)),
    );
  }

  readPackage(_name: string, callback: Callback): void {
    readJson<Manifest>(this.container, this.manifestKey).then(
      (read) => (read ? callback(null, read.value) : callback(getNotFound())),
      (error) => callback(this.failure('read package.json', error)),
    );
  }

  /** Read, let Verdaccio change it, write it back only if nobody else wrote it meanwhile (If-Match), else again. */
  updatePackage(name: string, updateHandler: UpdateHandler, onWrite: OnWrite, transformPackage: (json: Manifest) => Manifest, onEnd: Callback): void {
    const attempt = (left: number): void => {
      readJson<Manifest>(this.container, this.manifestKey).then(
        (read) => {
          if (!read) return onEnd(getNotFound());
          updateHandler(read.value, (err) => {
            if (err) return onEnd(err);
            const json = transformPackage(read.value);
            expectedEtag.run({ key: this.manifestKey, etag: read.etag }, () =>
              onWrite(name, json, (writeErr) => {
                if (writeErr && (writeErr as VerdaccioError).code === 409 && left > 1) {
                  this.logger.debug({ name }, 'azure-blob-storage: package.json of @{name} changed meanwhile, updating again');
                  return attempt(left - 1);
                }
                onEnd(writeErr ?? null);
              }),
            );
          });
        },
        (error) => onEnd(this.failure('read package.json', error)),
      );
    };
    attempt(UPDATE_ATTEMPTS);
  }

  deletePackage(fileName: string, callback: Callback): void {
    this.container.getBlockBlobClient(fileKey(this.folder, fileName)).deleteIfExists().then(
      () => callback(null),
      (error) => callback(this.failure(`delete ${fileName}`, error)),
    );
  }

  /** Everything left under the package's folder. */
  removePackage(callback: Callback): void {
    (async () => {
      for await (const blob of this.container.listBlobsFlat({ prefix: this.folder })) {
        await this.container.getBlockBlobClient(blob.name).deleteIfExists();
      }
    })().then(
      () => callback(null),
      (error) => callback(this.failure('remove package folder', error)),
    );
  }

  /** Streams the upload (block by block); an existing tarball is never overwritten (409, If-None-Match: *). */
  writeTarball(fileName: string): TarballWriteStream {
    const stream = new TarballWriteStream();
    const blob = this.container.getBlockBlobClient(fileKey(this.folder, fileName));
    const controller = new AbortController();
    let aborted = false;
    let failed = false;
    const fail = (error: VerdaccioError) => {
      if (failed || aborted) return;
      failed = true;
      stream.emit('error', error);
    };
    // Wrapped: a promise returned from then() would be awaited, not handed on.
    const started: Promise<{ upload: Promise<unknown> } | null> = blob.getProperties({ abortSignal: controller.signal }).then(
      () => {
        fail(getConflict());
        return null;
      },
      (error) => {
        if (!isNotFound(error)) {
          fail(this.failure(`check ${fileName}`, error));
          return null;
        }
        if (aborted) return null;
        const upload = blob.uploadStream(stream, BLOCK_SIZE, BLOCKS_IN_FLIGHT, {
          abortSignal: controller.signal,
          conditions: { ifNoneMatch: '*' },
          blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
        });
        // Otherwise unhandled when Verdaccio aborts before calling done().
        upload.catch((uploadError) => fail(isConflict(uploadError) ? getConflict() : this.failure(`upload ${fileName}`, uploadError)));
        stream.emit('open');
        return { upload };
      },
    );
    stream.done = () => {
      void started.then((begun) => begun?.upload.then(() => !failed && !aborted && stream.emit('success'), () => {}));
    };
    // Uncommitted blocks are dropped by Azure itself; nothing was committed, so nothing to delete.
    stream.abort = () => {
      aborted = true;
      controller.abort();
    };
    return stream;
  }

  /** 404 as an error before 'open'; on success 'content-length' then 'open', then the bytes. */
  readTarball(fileName: string): TarballReadStream {
    const stream = new TarballReadStream();
    const controller = new AbortController();
    stream.abort = () => controller.abort();
    this.container
      .getBlockBlobClient(fileKey(this.folder, fileName))
      .download(0, undefined, { abortSignal: controller.signal, maxRetryRequests: 2 })
      .then(
        (response) => {
          const body = response.readableStreamBody as NodeJS.ReadableStream & { destroy?: () => void };
          if (response.contentLength !== undefined) stream.emit('content-length', response.contentLength);
          stream.emit('open');
          body.on('error', (error: unknown) => {
            if (!controller.signal.aborted) stream.emit('error', this.failure(`read ${fileName}`, error));
          });
          body.pipe(stream);
        },
        (error) => {
          if (!controller.signal.aborted) stream.emit('error', this.failure(`read ${fileName}`, error));
        },
      );
    return stream;
  }

  private failure(operation: string, error: unknown): VerdaccioError {
    const converted = toVerdaccioError(operation, error);
    if (converted.code >= 500) logFailure(this.logger, converted);
    return converted;
  }
}
