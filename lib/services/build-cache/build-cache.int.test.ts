import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { containerName, createContainer, ownerService } from '@/lib/testing/azurite';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { azureSettings, inputFor, s3Settings, startEcosystem, type TestEcosystem } from '@/lib/testing/services';
import type { PackagesSettings } from '@/lib/settings/types';
import { BUILD_CACHE_SERVICE } from './service';

// turborepo-remote-cache behind its front, on the local Ceph RGW and on Azurite: an artifact written,
// read and HEAD-checked with identical bytes, found in the bucket or container; the canary cleans up.

const owner = ownerClient();
const bucket = bucketName('cache');
const container = containerName('cache');

const storages: { label: string; settings: () => PackagesSettings; stored: (key: string) => Promise<Buffer> }[] = [
  {
    label: 'S3 (Ceph RGW)',
    settings: () => s3Settings(bucket),
    stored: async (key) => Buffer.from(await (await owner.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray()),
  },
  {
    label: 'Azure Blob (Azurite)',
    settings: () => azureSettings(container),
    stored: (key) => ownerService().getContainerClient(container).getBlobClient(key).downloadToBuffer(),
  },
];

beforeAll(async () => {
  await createBucket(owner, bucket);
  await createContainer(container);
});

afterAll(async () => {
  await removeBucket(owner, bucket);
  await ownerService().getContainerClient(container).delete();
});

describe.each(storages)('build cache on $label', ({ settings, stored }) => {
  let ecosystem: TestEcosystem;
  beforeAll(async () => {
    ecosystem = await startEcosystem(BUILD_CACHE_SERVICE, inputFor(settings()));
  }, 60_000);
  afterAll(() => ecosystem?.close());

  it('stores an artifact through the front: PUT, GET and HEAD with identical bytes, and the object in the storage', async () => {
    const id = randomBytes(16).toString('hex');
    const bytes = randomBytes(256 * 1024);
    const url = `${ecosystem.frontUrl}/v8/artifacts/${id}?slug=team-a`;
    const auth = { authorization: `Bearer ${ecosystem.runner.current!.rendered.client.bearerToken}` };
    expect([200, 202]).toContain((await fetch(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes })).status);
    const read = await fetch(url, { headers: auth });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(url, { method: 'HEAD', headers: auth })).status).toBe(200);
    expect((await stored(`team-a/${id}`)).equals(bytes)).toBe(true);
    // With another token: refused.
    expect((await fetch(url, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
  });

  it('passes its canary, which leaves nothing behind', async () => {
    const current = ecosystem.runner.current!;
    const result = await BUILD_CACHE_SERVICE.canary(inputFor(settings()), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.storedKeys).toHaveLength(1);
    expect(result.leftovers).toEqual([]);
  });

  it('in Read-Only refuses an upload at the front with a registry-style error and still serves downloads', async () => {
    const id = randomBytes(16).toString('hex');
    const url = `${ecosystem.frontUrl}/v8/artifacts/${id}?slug=team-a`;
    const auth = { authorization: `Bearer ${ecosystem.runner.current!.rendered.client.bearerToken}` };
    await fetch(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: 'before' });
    await ecosystem.runner.apply(inputFor(settings(), 'read-only'));
    const newAuth = { authorization: `Bearer ${ecosystem.runner.current!.rendered.client.bearerToken}` };
    const refused = await fetch(url, { method: 'PUT', headers: { ...newAuth, 'content-type': 'application/octet-stream' }, body: 'after' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/read-only/);
    const read = await fetch(url, { headers: newAuth });
    expect(await read.text()).toBe('before');
  });
});
