import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env, setBucketPolicy } from '@/lib/testing/s3-int-support';
import { runCli, type CliRun } from '@/lib/testing/run-cli';
import en from '@/messages/en.json';
import { humanSize } from '@/lib/i18n/human-size';

// `cli storage migrate --dry-run` on Ceph RGW: the storage in force listed per ecosystem, nothing written.

let dataDir = '';
let owner: S3Client;
const bucket = bucketName('migdry');

const cli = (args: string[], stdin = ''): Promise<CliRun> => runCli(args, { env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: '' }, stdin });
const dryRun = (...extra: string[]) => cli(['storage', 'migrate', '--dry-run', ...extra]);

// What the registries write: npm and the container registry under their folders, the build cache at the root.
const OBJECTS: Record<string, number> = {
  'packages-services/npm/verdaccio-s3-db.json': 120,
  'packages-services/npm/left-pad/package.json': 2_000,
  'packages-services/npm/left-pad/left-pad-1.0.0.tgz': 5_000,
  'packages-services/container-registry/docker/registry/v2/blobs/sha256/ab/abcd/data': 3_000,
  'my-team/0123456789abcdef': 4_096,
  'other-team/fedcba9876543210': 1,
  // The console's own probes: no ecosystem's data.
  '.console-health/left-behind': 10,
  '.console-check/left-behind': 10,
};
const EXPECTED = [
  { id: 'npm', objects: 3, bytes: 7_120 },
  { id: 'build-cache', objects: 2, bytes: 4_097 },
  { id: 'container-registry', objects: 1, bytes: 3_000 },
];

async function listing(): Promise<string[]> {
  const out = await owner.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((item) => `${item.Key} ${item.Size} ${item.ETag} ${item.LastModified?.toISOString()}`).sort();
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'migrate-cli-'));
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('cli storage migrate', () => {
  it('says nothing is in force before a configuration is applied, and takes only the dry run', async () => {
    const run = await dryRun();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(en.StorageMigration.notApplied);
    expect(JSON.parse((await dryRun('--json')).stdout)).toEqual({ error: { code: 'notApplied', message: en.StorageMigration.notApplied } });
    const copy = await cli(['storage', 'migrate']);
    expect(copy.code).toBe(2);
    expect(copy.stderr).toMatch(/To move the packages, save the new storage settings and run "cli config apply --migrate"/);
    const help = await cli(['storage', 'migrate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cli storage migrate --dry-run/);
    expect((await cli(['storage', '--help'])).stdout).toMatch(/migrate {2}what moving the storage would copy/);
  });

  it('counts each ecosystem’s objects and bytes of the storage in force, writing nothing', async () => {
    const { accessKey, secretKey } = s3Env.user('PROBE');
    expect((await cli(['config', 'set', 'secrets.packages.aws-secret-key'], `${secretKey}\n`)).code).toBe(0);
    for (const [key, value] of [['secrets.packages.s3-bucket', bucket], ['secrets.packages.service-url', s3Env.endpoint], ['secrets.packages.aws-access-key', accessKey], ['app.packages.enabled', 'true']]) {
      expect((await cli(['config', 'set', key!, value!])).code).toBe(0);
    }
    const apply = await cli(['config', 'apply']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    for (const [key, size] of Object.entries(OBJECTS)) await owner.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(size, 1) }));
    const before = await listing();
    const dataBefore = await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8');

    const run = await dryRun('--json');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toEqual({
      dry_run: true,
      storage: { type: 's3', target: `bucket ${bucket} at ${s3Env.endpoint}` },
      ecosystems: expect.arrayContaining(EXPECTED.map((entry) => expect.objectContaining(entry))),
      total: { objects: 6, bytes: 7_120 + 4_097 + 3_000 },
    });
    expect(json.ecosystems).toHaveLength(3);

    const text = await dryRun();
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(en.StorageMigration.title.replace('{storage}', `bucket ${bucket} at ${s3Env.endpoint}`));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${en.Ecosystems.npm.name} +3 +${humanSize(7_120).replace('.', '\\.')}$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${en.Ecosystems['build-cache'].name} +2 +${humanSize(4_097).replace('.', '\\.')}$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${en.StorageMigration.total} +6 +${humanSize(14_217).replace('.', '\\.')}$`)));
    expect(text.stdout).toContain(en.StorageMigration.nothingWritten);
    for (const output of [run.stdout, run.stderr, text.stdout, text.stderr]) expect(output).not.toContain(secretKey);

    expect(await listing()).toEqual(before);
    expect(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).toBe(dataBefore);
  });

  it('names the cause when the storage refuses the listing or cannot be reached, and when Packages is off', async () => {
    await setBucketPolicy(owner, bucket, { deny: ['s3:ListBucket'] });
    try {
      const run = await dryRun();
      expect(run.code).toBe(1);
      const cause = `${en.StorageMigration.causes.denied} ${en.StorageMigration.httpStatus.replace('{status}', '403')}`;
      expect(run.stderr.trim()).toBe(en.StorageMigration.listFailed.replace('{cause}', cause));
      expect(JSON.parse((await dryRun('--json')).stdout).error.code).toBe('denied');
      expect(run.stdout + run.stderr).not.toContain(s3Env.user('PROBE').secretKey);
    } finally {
      await setBucketPolicy(owner, bucket, {});
    }
    // The applied file edited as a stand-in for a storage that went away: nothing listens on port 9.
    const file = path.join(dataDir, 'packages-storage.json');
    const applied = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...applied, packages: { ...applied.packages, service_url: 'http://127.0.0.1:9' } }));
    const gone = await dryRun();
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe(en.StorageMigration.listFailed.replace('{cause}', en.StorageMigration.causes.connection));
    await writeFile(file, JSON.stringify({ ...applied, packages: { ...applied.packages, enabled: false } }));
    const off = await dryRun();
    expect(off.code).toBe(1);
    expect(off.stderr).toContain(en.StorageMigration.packagesOff);
  });
});
