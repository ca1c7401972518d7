import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { commandLineOf, environmentOf, inputFor, runNpm, s3Settings, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { npmLogin } from './client';
import { CANARY_SCOPE, KEY_PREFIX } from './config';
import { NPM_SERVICE } from './service';

// Verdaccio on the local Ceph RGW behind its front: the stock npm client publishes and installs, the
// objects are in the bucket, Read-Only refuses publishing and still serves installs, no secret leaks.

const owner = ownerClient();
const bucket = bucketName('npm');
const settings = () => s3Settings(bucket);
let ecosystem: TestEcosystem;
let work: string;
let token: string;
const name = `svc-test-${randomBytes(4).toString('hex')}`;
const payload = randomBytes(64 * 1024).toString('base64');

async function packageDir(version: string): Promise<string> {
  const dir = path.join(work, `pkg-${version}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'data.txt' }));
  await fs.writeFile(path.join(dir, 'data.txt'), payload);
  return dir;
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  // Inherited by nobody: a service's environment is built from scratch.
  process.env.AWS_ACCESS_KEY_ID = 'inherited-must-not-reach-a-service';
  work = await tempDir('npm-client');
  ecosystem = await startEcosystem(NPM_SERVICE, inputFor(settings()));
  const { username, password } = ecosystem.runner.current!.rendered.client;
  token = await npmLogin(ecosystem.frontUrl, username!, password!, 10_000);
}, 120_000);

afterAll(async () => {
  delete process.env.AWS_ACCESS_KEY_ID;
  await ecosystem?.close();
  await removeBucket(owner, bucket);
});

describe('npm service on S3', () => {
  it('publishes with the stock npm client through the front and installs the same bytes back', async () => {
    const published = await runNpm(['publish'], { cwd: await packageDir('1.0.0'), home: work, registry: ecosystem.frontUrl, token });
    expect(published.code, published.stderr).toBe(0);
    const consumer = path.join(work, 'consumer');
    await fs.mkdir(consumer, { recursive: true });
    const installed = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home: work, registry: ecosystem.frontUrl });
    expect(installed.code, installed.stderr).toBe(0);
    expect(await fs.readFile(path.join(consumer, 'node_modules', name, 'data.txt'), 'utf8')).toBe(payload);
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${KEY_PREFIX}${name}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key).sort()).toEqual([`${KEY_PREFIX}${name}/package.json`, `${KEY_PREFIX}${name}/${name}-1.0.0.tgz`]);
  });

  it('proves the storage with a canary that leaves nothing behind', async () => {
    const current = ecosystem.runner.current!;
    const result = await NPM_SERVICE.canary(inputFor(settings()), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.storedKeys.some((key) => key.endsWith('.tgz'))).toBe(true);
    expect(result.leftovers).toEqual([]);
    const canaries = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${KEY_PREFIX}${CANARY_SCOPE}/` }));
    expect(canaries.Contents ?? []).toEqual([]);
  });

  it('keeps secrets out of the log, the argv and the inherited environment', async () => {
    const current = ecosystem.runner.current!;
    const pid = current.child.pid!;
    const argv = await commandLineOf(pid);
    const environment = await environmentOf(pid);
    const log = await fs.readFile(ecosystem.runner.logFile, 'utf8');
    expect(log).toContain('started pid');
    const secrets = [s3Env.user('OWNER').secretKey, current.rendered.client.password!, token];
    for (const secret of secrets) {
      expect(argv).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    expect(environment.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(Object.keys(environment).filter((key) => key.startsWith('AWS_'))).toEqual([]);
    const config = await fs.stat(path.join(current.instanceDir, 'config.yaml'));
    expect(config.mode & 0o777).toBe(0o600);
  });

  it('in Read-Only refuses a publish with a registry error and still serves installs', async () => {
    await ecosystem.runner.apply(inputFor(settings(), 'read-only'));
    const refused = await runNpm(['publish'], { cwd: await packageDir('1.0.1'), home: work, registry: ecosystem.frontUrl, token });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/403|read-only/);
    const consumer = path.join(work, 'consumer-ro');
    await fs.mkdir(consumer, { recursive: true });
    const installed = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home: work, registry: ecosystem.frontUrl });
    expect(installed.code, installed.stderr).toBe(0);
    expect(await fs.readFile(path.join(consumer, 'node_modules', name, 'data.txt'), 'utf8')).toBe(payload);
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${KEY_PREFIX}${name}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key)).not.toContain(`${KEY_PREFIX}${name}/${name}-1.0.1.tgz`);
  });
});
