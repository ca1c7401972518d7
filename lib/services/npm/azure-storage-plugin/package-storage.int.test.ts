import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerName, createContainer, keyConnectionString, ownerService, removeContainer } from '@/lib/testing/azurite';
import AzureBlobStorage from './index';
import type { Logger } from './logger';
import type { AzurePackageStorage } from './package-storage';
import type { TarballReadStream, TarballWriteStream } from './streams';

// The plugin's storage contract against Azurite, without Verdaccio: the 404/409 semantics and event
// order Verdaccio 6.8 relies on, streamed block uploads, and no lost update between two writers.

let container: string;
const logged: string[] = [];
const logger: Logger = { error: (f) => logged.push(String(f.reason)), warn: () => {}, info: () => {}, debug: () => {} };

function plugin(): AzureBlobStorage {
  const section = { container, keyPrefix: 'p/', connectionStringEnv: 'CONN', timeoutMs: 10_000, maxTries: 2 };
  return new AzureBlobStorage({ store: { 'azure-blob-storage': section } }, { config: {}, logger }, { CONN: keyConnectionString() });
}

const call = <T>(fn: (cb: (err?: Error | null, value?: unknown) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

function upload(storage: AzurePackageStorage, name: string, bytes: Buffer): { events: string[]; finished: Promise<Error | null> } {
  const stream: TarballWriteStream = storage.writeTarball(name);
  const events: string[] = [];
  const finished = new Promise<Error | null>((resolve) => {
    stream.on('open', () => events.push('open'));
    stream.on('success', () => resolve(null));
    stream.on('error', (error: Error) => resolve(error));
  });
  stream.end(bytes);
  stream.done();
  return { events, finished };
}

function download(storage: AzurePackageStorage, name: string): Promise<{ events: string[]; length?: number; bytes?: Buffer; error?: Error & { code?: number } }> {
  const stream: TarballReadStream = storage.readTarball(name);
  const events: string[] = [];
  const chunks: Buffer[] = [];
  let length: number | undefined;
  return new Promise((resolve) => {
    stream.on('content-length', (value: number) => (events.push('content-length'), (length = value)));
    stream.on('open', () => events.push('open'));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ events, length, bytes: Buffer.concat(chunks) }));
    stream.on('error', (error: Error & { code?: number }) => resolve({ events, error }));
  });
}

beforeAll(async () => {
  container = containerName('plugin');
  await createContainer(container);
});

afterAll(() => removeContainer(container));

describe('AzurePackageStorage on Azurite', () => {
  it('creates package.json once (409 the second time) and reads it back; 404 for an unknown package', async () => {
    const storage = plugin().getPackageStorage('@s/one');
    await call((cb) => storage.createPackage('@s/one', { name: '@s/one', versions: {} }, cb));
    await expect(call((cb) => storage.createPackage('@s/one', { name: 'other' }, cb))).rejects.toMatchObject({ code: 409 });
    expect(await call((cb) => storage.readPackage('@s/one', cb))).toEqual({ name: '@s/one', versions: {} });
    await expect(call((cb) => plugin().getPackageStorage('nope').readPackage('nope', cb))).rejects.toMatchObject({ code: 404 });
  });

  it('streams a tarball in 4 MiB blocks, refuses to overwrite it (409 before open) and reads it back with its length first', async () => {
    const storage = plugin().getPackageStorage('big');
    const bytes = randomBytes(9 * 1024 * 1024 + 17);
    const first = upload(storage, 'big-1.0.0.tgz', bytes);
    expect(await first.finished).toBeNull();
    expect(first.events).toEqual(['open']);
    const blocks = await ownerService().getContainerClient(container).getBlockBlobClient('p/big/big-1.0.0.tgz').getBlockList('committed');
    expect(blocks.committedBlocks?.length).toBe(3);

    const second = upload(storage, 'big-1.0.0.tgz', Buffer.from('other bytes'));
    expect(await second.finished).toMatchObject({ code: 409 });
    expect(second.events).toEqual([]);

    const read = await download(storage, 'big-1.0.0.tgz');
    expect(read.events).toEqual(['content-length', 'open']);
    expect(read.length).toBe(bytes.length);
    expect(read.bytes!.equals(bytes)).toBe(true);

    const missing = await download(storage, 'big-9.9.9.tgz');
    expect(missing.error).toMatchObject({ code: 404 });
    expect(missing.events).toEqual([]);
  });

  it('loses no update when two writers change package.json at once (If-Match, then again)', async () => {
    const name = 'race';
    await call((cb) => plugin().getPackageStorage(name).createPackage(name, { name, marks: [] }, cb));
    let arrived = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    let handlerRuns = 0;
    const update = (mark: string) =>
      call((cb) =>
        plugin().getPackageStorage(name).updatePackage(
          name,
          (json, done) => {
            handlerRuns += 1;
            (json.marks as string[]).push(mark);
            // Both writers hold the same ETag before either writes: one of them must go again.
            if (++arrived === 2) release();
            void bothRead.then(() => done(null));
          },
          (pkg, json, done) => plugin().getPackageStorage(pkg).savePackage(pkg, json, done),
          (json) => json,
          cb,
        ),
      );
    await Promise.all([update('a'), update('b')]);
    const stored = (await call<{ marks: string[] }>((cb) => plugin().getPackageStorage(name).readPackage(name, cb))).marks;
    expect(stored.sort()).toEqual(['a', 'b']);
    expect(handlerRuns).toBe(3);
  });

  it('lets only one of two instances starting together on an empty container store its token secret', async () => {
    const [first, second] = [plugin(), plugin()];
    expect(await Promise.all([first.getSecret(), second.getSecret()])).toEqual(['', '']);
    await first.setSecret('a'.repeat(32));
    await expect(second.setSecret('b'.repeat(32))).rejects.toThrow('azure-blob-storage: saving the token secret failed (SecretChangedMeanwhile)');
    expect(await plugin().getSecret()).toBe('a'.repeat(32));
    await first.setSecret('a'.repeat(32));
    expect(logged.splice(0)).toEqual(['azure-blob-storage: saving the token secret failed (SecretChangedMeanwhile) (container ' + container + ')']);
  });

  it('keeps every name two plugin instances add at once, and removes a package folder completely', async () => {
    await Promise.all(['x1', 'x2', 'x3'].map((name) => call((cb) => plugin().add(name, cb))));
    expect((await call<string[]>((cb) => plugin().get(cb))).sort()).toEqual(['x1', 'x2', 'x3']);
    await call((cb) => plugin().remove('x2', cb));
    expect((await call<string[]>((cb) => plugin().get(cb))).sort()).toEqual(['x1', 'x3']);

    const storage = plugin().getPackageStorage('gone');
    await call((cb) => storage.createPackage('gone', { name: 'gone' }, cb));
    expect(await upload(storage, 'gone-1.0.0.tgz', Buffer.from('tgz')).finished).toBeNull();
    await call((cb) => storage.deletePackage('package.json', cb));
    await call((cb) => storage.removePackage(cb));
    const left: string[] = [];
    for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix: 'p/gone/' })) left.push(blob.name);
    expect(left).toEqual([]);
    expect(logged).toEqual([]);
  });
});
