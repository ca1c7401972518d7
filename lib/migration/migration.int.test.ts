import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { azuriteStore, rgwStore, seed, type SeedObject, type TestStore } from '@/lib/testing/migration-stores';
import { copyObjects, inventory, prefixScopes, verifyObjects, type Progress } from './index';

// The engine on the real servers, across types: Ceph RGW to RGW, RGW to Azurite, Azurite to RGW, Azurite to Azurite.

const MiB = 1024 * 1024;
const OBJECTS: SeedObject[] = [
  { key: 'npm/pkg/package.json', size: 2345, contentType: 'application/json', metadata: { integrity: 'sha512-abc' } },
  { key: 'npm/pkg/-/pkg-1.0.0.tgz', size: 300_001, contentType: 'application/octet-stream', metadata: {} },
  { key: 'docker/blobs/sha256/big', size: 9 * MiB + 123, contentType: 'application/vnd.oci.image.layer.v1.tar+gzip', metadata: { digest: 'sha256-x' } },
  { key: 'docker/empty', size: 0, contentType: 'text/plain', metadata: {} },
  { key: 'docker/page.html', size: 512, contentType: 'text/html', metadata: {} },
];
const PREFIXES = ['npm/', 'docker/'];
const TOTAL = OBJECTS.reduce((sum, object) => sum + object.size, 0);
const journalPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'migration-int-')), 'journal.jsonl');

const stores: TestStore[] = [];
async function open(make: (label: string) => Promise<TestStore>, label: string): Promise<TestStore> {
  const store = await make(label);
  stores.push(store);
  return store;
}
afterAll(async () => {
  await Promise.all(stores.map((store) => store.remove()));
});

async function expectSameObjects(source: TestStore, target: TestStore) {
  for (const object of OBJECTS) {
    const read = await target.access.openRead(object.key);
    read.body.resume();
    expect({ key: object.key, size: read.size, contentType: read.contentType, metadata: read.metadata }).toEqual({ key: object.key, size: object.size, contentType: object.contentType, metadata: object.metadata });
  }
  expect(await target.access.head('other/untouched')).toBeNull();
  expect((await source.access.head('other/untouched'))?.size).toBe(3);
}

describe.each([
  ['Ceph RGW to Ceph RGW', rgwStore, rgwStore],
  ['Ceph RGW to Azurite', rgwStore, azuriteStore],
  ['Azurite to Ceph RGW', azuriteStore, rgwStore],
  ['Azurite to Azurite', azuriteStore, azuriteStore],
])('%s', (_name, makeSource, makeTarget) => {
  it('copies every object (one in parts or blocks) with its content type and metadata, and verify proves it', async () => {
    const source = await open(makeSource, 'src');
    const target = await open(makeTarget, 'dst');
    await seed(source.access, OBJECTS);
    await source.access.write('other/untouched', Readable.from([Buffer.from('abc')]), { size: 3, contentType: undefined, metadata: {} });
    const before = await inventory(source.access, PREFIXES);
    expect(before).toEqual([{ prefix: 'npm/', objects: 2, bytes: 2345 + 300_001 }, { prefix: 'docker/', objects: 3, bytes: 9 * MiB + 123 + 512 }]);

    const journal = journalPath();
    const seen: Progress[] = [];
    const copied = await copyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath: journal, onProgress: (progress) => seen.push(progress) });
    expect(copied).toMatchObject({ objects: 5, copied: 5, skipped: 0, bytesMoved: TOTAL, failures: [], cancelled: false });
    expect(seen.at(-1)).toMatchObject({ objectsDone: 5, objectsTotal: 5, bytesDone: TOTAL, bytesTotal: TOTAL });
    await expectSameObjects(source, target);
    expect(await inventory(source.access, PREFIXES)).toEqual(before);

    const verified = await verifyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath: journal });
    expect(verified).toMatchObject({ sourceObjects: 5, targetObjects: 5, verified: 5, mismatches: [], countsMatch: true });

    // Changed behind the run's back, same size: only the content hash can tell.
    const tgz = OBJECTS[1]!;
    await target.access.write(tgz.key, Readable.from([Buffer.alloc(tgz.size, 7)]), { size: tgz.size, contentType: tgz.contentType, metadata: {} });
    const again = await verifyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath: journal, retry: { attempts: 1 } });
    expect(again.mismatches).toEqual([{ key: tgz.key, code: 'hash-mismatch' }]);
  });
});

describe('cancel and resume on Ceph RGW', () => {
  it('stops mid-copy leaving no open upload, and the resume moves only what was not proven', async () => {
    const source = await open(rgwStore, 'csrc');
    const target = await open(rgwStore, 'cdst');
    const objects: SeedObject[] = Array.from({ length: 12 }, (_, index) => ({ key: `npm/o${String(index).padStart(2, '0')}`, size: index % 3 === 0 ? 9 * MiB : 2 * MiB, contentType: 'application/octet-stream', metadata: {} }));
    const total = objects.reduce((sum, object) => sum + object.size, 0);
    await seed(source.access, objects);
    const journal = journalPath();
    const controller = new AbortController();
    const cancelled = await copyObjects({
      source: source.access,
      target: target.access,
      scopes: prefixScopes(['npm/']),
      journalPath: journal,
      concurrency: 4,
      signal: controller.signal,
      onProgress: (progress) => progress.objectsDone >= 3 && controller.abort(),
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.failures).toEqual([]);
    expect(cancelled.copied).toBeGreaterThanOrEqual(3);
    expect(cancelled.copied).toBeLessThan(12);
    expect(await target.openUploads()).toEqual([]);

    const resumed = await copyObjects({ source: source.access, target: target.access, scopes: prefixScopes(['npm/']), journalPath: journal });
    expect(resumed).toMatchObject({ objects: 12, skipped: cancelled.copied, copied: 12 - cancelled.copied, failures: [] });
    const provenBytes = (await inventory(target.access, ['npm/']))[0]!.bytes;
    expect(provenBytes).toBe(total);
    expect(resumed.bytesMoved).toBeLessThan(total);
    expect(resumed.bytesMoved + cancelled.bytesMoved).toBeGreaterThanOrEqual(total);
    const verified = await verifyObjects({ source: source.access, target: target.access, scopes: prefixScopes(['npm/']), journalPath: journal });
    expect(verified).toMatchObject({ verified: 12, mismatches: [], countsMatch: true });
  });
});
