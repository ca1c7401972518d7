import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { containerName, createContainer, ownerService, removeContainer } from '@/lib/testing/azurite';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { azureSettings, inputFor, publishWithNpm, runNpm, s3Settings, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { ensureVerdaccio } from '@/lib/testing/verdaccio';
import type { PackagesSettings } from '@/lib/settings/types';
import { addCredential } from '../credentials/store';
import { npmLogin } from './client';
import { CANARY_SCOPE, KEY_PREFIX } from './config';
import { NPM_SERVICE } from './service';

// The canary's own scope on Verdaccio with each storage plugin (Ceph RGW, Azurite): the canary round trip
// publishes there and leaves nothing in the bucket or container, not even a line of the package list; an
// admin's credential, made with the credentials store, is refused there (E403) yet publishes its own
// packages, scoped or not; what the canary account publishes there nobody else reads.

const owner = ownerClient();
const bucket = bucketName('npm-scope');
const container = containerName('npm-scope');
const suffix = randomBytes(4).toString('hex');

interface Storage {
  label: string;
  settings: () => PackagesSettings;
  list: (prefix: string) => Promise<string[]>;
  read: (key: string) => Promise<string>;
  /** The plugin's package list (and token secret). */
  database: string;
}

const storages: Storage[] = [
  {
    label: 'S3 (Ceph RGW)',
    settings: () => s3Settings(bucket),
    list: async (prefix) => ((await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((item) => item.Key!).sort(),
    read: async (key) => (await owner.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString(),
    database: `${KEY_PREFIX}verdaccio-s3-db.json`,
  },
  {
    label: 'Azure Blob (Azurite)',
    settings: () => azureSettings(container),
    list: async (prefix) => {
      const names: string[] = [];
      for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix })) names.push(blob.name);
      return names.sort();
    },
    read: async (key) => (await ownerService().getContainerClient(container).getBlobClient(key).downloadToBuffer()).toString('utf8'),
    database: `${KEY_PREFIX}verdaccio-s3-db.json`,
  },
];

beforeAll(async () => {
  await ensureVerdaccio();
  await createBucket(owner, bucket);
  await createContainer(container);
}, 120_000);

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  await removeContainer(container).catch(() => undefined);
  owner.destroy();
});

describe.each(storages)('the npm canary scope on $label', ({ settings, list, read, database }) => {
  let ecosystem: TestEcosystem;
  let work: string;
  let adminToken: string;
  let canaryToken: string;

  beforeAll(async () => {
    work = await tempDir('npm-scope');
    const dataDir = path.join(work, 'data');
    const credentialsEnv = { dataDir, encryptionKey: null };
    const admin = await addCredential(credentialsEnv, 'npm', 'admin-bot');
    ecosystem = await startEcosystem(NPM_SERVICE, inputFor(settings()), { dataDir, credentialsEnv });
    const { username, password } = ecosystem.runner.current!.rendered.client;
    canaryToken = await npmLogin(ecosystem.frontUrl, username!, password!, 10_000);
    adminToken = await npmLogin(ecosystem.frontUrl, 'admin-bot', admin.secret, 10_000);
  }, 120_000);
  afterAll(() => ecosystem?.close());

  it('runs the canary round trip in the scope, the run in its version, and leaves nothing behind', async () => {
    const current = ecosystem.runner.current!;
    const result = await NPM_SERVICE.canary(inputFor(settings()), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000, runId: `run-${suffix}` });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const tarball = result.storedKeys.find((key) => key.endsWith('.tgz'));
    expect(tarball).toMatch(new RegExp(`^${KEY_PREFIX}@console-canary/canary-[0-9a-f]{12}/canary-[0-9a-f]{12}-0\\.0\\.0-canary-run-${suffix}\\.tgz$`));
    expect(result.leftovers).toEqual([]);
    expect(await list(`${KEY_PREFIX}${CANARY_SCOPE}/`)).toEqual([]);
    // Unpublished, not just deleted: the registry's own package list no longer names it.
    expect(await read(database)).not.toContain(CANARY_SCOPE);
  });

  it('refuses an admin’s credential in the canary scope (E403), which still publishes its own packages', async () => {
    const refused = await publishWithNpm(work, ecosystem.frontUrl, adminToken, `${CANARY_SCOPE}/x`);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('E403');
    for (const own of [`@admins/own-${suffix}`, `own-${suffix}`]) {
      const published = await publishWithNpm(work, ecosystem.frontUrl, adminToken, own);
      expect(published.code, published.stderr).toBe(0);
      expect(await list(`${KEY_PREFIX}${own}/`)).toEqual([`${KEY_PREFIX}${own}/${own.split('/').pop()}-1.0.0.tgz`, `${KEY_PREFIX}${own}/package.json`]);
    }
    expect(await list(`${KEY_PREFIX}${CANARY_SCOPE}/`)).toEqual([]);
  });

  it('lets nobody but the canary account read the scope, and unpublish there', async () => {
    const name = `${CANARY_SCOPE}/held-${suffix}`;
    const document = `${ecosystem.frontUrl}/${name.replace('/', '%2f')}`;
    const published = await publishWithNpm(work, ecosystem.frontUrl, canaryToken, name);
    expect(published.code, published.stderr).toBe(0);
    expect((await fetch(document, { headers: { authorization: `Bearer ${canaryToken}` } })).status).toBe(200);
    expect((await fetch(document, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(403);
    expect([401, 403]).toContain((await fetch(document)).status);
    const unpublishedByAdmin = await runNpm(['unpublish', name, '--force'], { cwd: work, home: work, registry: ecosystem.frontUrl, token: adminToken });
    expect(unpublishedByAdmin.code).not.toBe(0);
    const unpublished = await runNpm(['unpublish', name, '--force'], { cwd: work, home: work, registry: ecosystem.frontUrl, token: canaryToken });
    expect(unpublished.code, unpublished.stderr).toBe(0);
    expect(await list(`${KEY_PREFIX}${CANARY_SCOPE}/`)).toEqual([]);
  });
});
