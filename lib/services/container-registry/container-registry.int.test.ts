import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, PROBE_ARN, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { commandLineOf, environmentOf, s3Settings, tempDir } from '@/lib/testing/services';
import { layoutManifestDigest, makeOciImage, skopeoCopy, writeAuthFile, type OciImage } from '@/lib/testing/skopeo';
import { addCredential } from '../credentials/store';
import { freePort } from '../supervisor/free-port';
import { ServicesSupervisor } from '../supervisor/services-supervisor';
import { REGISTRY_ROOT } from './config';

// Debian's docker-registry under the supervisor on the Ceph gateway, through configuration runs
// (stage, canary, switch): the stock skopeo copies an OCI image made here to the registry with a
// credential from the credentials store and back, same digests, and its objects are in the bucket;
// Read-Only refuses the push and serves the pull; pulls through the front never fail during applies;
// a restricted user's keys fail the canary while the old instance keeps serving.

const owner = ownerClient();
const bucket = bucketName('creg');
const restricted = bucketName('creg-deny');
let dir: string;
let env: ConsoleEnv;
let supervisor: ServicesSupervisor;
let frontHost: string;
let authFile: string;
let image: OciImage;
let basic: string;
const settings = (mode: string) => ({ ...s3Settings(bucket), containerRegistryMode: mode });
const runner = () => supervisor.runner('container-registry');

async function run(runId: string, given: ReturnType<typeof settings>): Promise<{ ok: boolean; detail?: string }> {
  const staged = await supervisor.stageRun(runId, given);
  const mine = staged.find((outcome) => outcome.id === 'container-registry')!;
  if (mine.action === 'failed') return { ok: false, detail: JSON.stringify(mine) };
  const proved = (await supervisor.proveRun(runId)).find((outcome) => outcome.id === 'container-registry')!;
  if (!proved.ok) {
    await supervisor.discardRun(runId);
    return { ok: false, detail: JSON.stringify(proved) };
  }
  await supervisor.commitRun(runId);
  return { ok: true };
}

async function bucketKeys(name: string, prefix: string): Promise<string[]> {
  const listed = await owner.send(new ListObjectsV2Command({ Bucket: name, Prefix: prefix }));
  return (listed.Contents ?? []).map((item) => item.Key ?? '');
}

/** Pulls a manifest through the front in two loops until stopped: how many succeeded, what else came back. */
function pullLoop(url: string) {
  let running = true;
  const outcomes = { ok: 0, failed: [] as string[] };
  const loop = async () => {
    while (running) {
      try {
        const answer = await fetch(url, { headers: { authorization: basic, accept: 'application/vnd.oci.image.manifest.v1+json' } });
        await answer.arrayBuffer();
        if (answer.status === 200) outcomes.ok += 1;
        else outcomes.failed.push(`HTTP ${answer.status}`);
      } catch (error) {
        outcomes.failed.push(String(error));
      }
    }
  };
  const loops = [loop(), loop()];
  return async () => {
    running = false;
    await Promise.all(loops);
    return outcomes;
  };
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  await createBucket(owner, restricted);
  // The probe user may read anything in this bucket but not write where the services store.
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: [PROBE_ARN] }, Action: ['s3:*'], Resource: [`arn:aws:s3:::${restricted}`, `arn:aws:s3:::${restricted}/*`] },
      { Effect: 'Deny', Principal: { AWS: [PROBE_ARN] }, Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${restricted}/packages-services/*`] },
    ],
  };
  await owner.send(new PutBucketPolicyCommand({ Bucket: restricted, Policy: JSON.stringify(policy) }));
  dir = await tempDir('creg');
  const ports = { npm: await freePort(), 'build-cache': await freePort(), 'container-registry': await freePort() };
  env = { ...readConsoleEnv(), dataDir: path.join(dir, 'data'), encryptionKey: null, services: { host: '127.0.0.1', ports, readyTimeoutMs: 60_000, modulesDir: path.resolve('scripts/services/node_modules') } };
  frontHost = `127.0.0.1:${ports['container-registry']}`;
  const { secret } = await addCredential(env, 'container-registry', 'ci-bot');
  basic = `Basic ${Buffer.from(`ci-bot:${secret}`).toString('base64')}`;
  authFile = await writeAuthFile(path.join(dir, 'auth.json'), frontHost, 'ci-bot', secret);
  image = await makeOciImage(path.join(dir, 'image'));
  supervisor = await ServicesSupervisor.start(env, { graceMs: 3000, loadSettings: async () => settings('enabled') });
  expect(await run('run-1', settings('enabled'))).toEqual({ ok: true });
}, 180_000);

afterAll(async () => {
  await supervisor?.shutdown();
  await removeBucket(owner, bucket);
  await removeBucket(owner, restricted);
  owner.destroy();
});

describe('Container registry on S3 (Ceph RGW)', () => {
  it('runs the registry binary with no secret on its command line and no AWS_CA_BUNDLE in its environment, and its canary left nothing', async () => {
    const current = runner().current!;
    const pid = current.child.pid!;
    const line = await commandLineOf(pid);
    expect(line).toContain('docker-registry serve');
    for (const secret of current.rendered.secrets) expect(line).not.toContain(secret);
    const childEnv = await environmentOf(pid);
    expect(childEnv.AWS_CA_BUNDLE).toBeUndefined();
    expect(childEnv.REGISTRY_STORAGE_S3_SECRETKEY).toBe(s3Env.user('OWNER').secretKey);
    for (const name of ['config.yml', 'htpasswd']) expect((await fs.stat(path.join(current.instanceDir, name))).mode & 0o777).toBe(0o600);
    const log = await fs.readFile(path.join(env.dataDir, 'services', 'container-registry.log'), 'utf8');
    expect(log).toContain('listening on 127.0.0.1');
    for (const secret of current.rendered.secrets) expect(log).not.toContain(secret);
    expect(await bucketKeys(bucket, `${REGISTRY_ROOT}repositories/console-canary/`)).toEqual([]);
    const record = supervisor.records().find((entry) => entry.id === 'container-registry')!;
    expect(record).toMatchObject({ state: 'running', lastCanary: { runId: 'run-1', ok: true } });
  });

  it('takes an image from the stock skopeo with an admin credential, into the bucket, and gives it back with the same digests', async () => {
    const pushed = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:1`, authFile);
    expect(pushed.code, pushed.output).toBe(0);
    const layerHex = image.layerDigest.slice('sha256:'.length);
    expect(await bucketKeys(bucket, `${REGISTRY_ROOT}blobs/sha256/${layerHex.slice(0, 2)}/${layerHex}/`)).toEqual([`${REGISTRY_ROOT}blobs/sha256/${layerHex.slice(0, 2)}/${layerHex}/data`]);
    expect(await bucketKeys(bucket, `${REGISTRY_ROOT}repositories/team/app/_manifests/tags/1/`)).not.toEqual([]);
    const back = path.join(dir, 'pulled');
    const pulled = await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${back}:app`, authFile);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(back)).toBe(image.manifestDigest);
    expect((await fs.readFile(path.join(back, 'blobs', 'sha256', image.layerDigest.slice(7)))).equals(image.layer)).toBe(true);
    // Without a credential, or with a wrong one: refused.
    expect((await fetch(`http://${frontHost}/v2/team/app/tags/list`)).status).toBe(401);
    const wrong = await writeAuthFile(path.join(dir, 'wrong.json'), frontHost, 'ci-bot', 'not-the-secret');
    expect((await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${path.join(dir, 'refused')}:app`, wrong)).code).not.toBe(0);
  }, 180_000);

  it('in Read-Only refuses the push and serves the pull, with no failed pull through the front during three applies', async () => {
    const stop = pullLoop(`http://${frontHost}/v2/team/app/manifests/1`);
    expect(await run('run-2', settings('read-only'))).toEqual({ ok: true });
    const refused = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:2`, authFile);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/403|read-only|denied/i);
    const pulled = await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${path.join(dir, 'pulled-ro')}:app`, authFile);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(path.join(dir, 'pulled-ro'))).toBe(image.manifestDigest);
    expect(await run('run-3', settings('enabled'))).toEqual({ ok: true });
    expect(await run('run-4', settings('enabled'))).toEqual({ ok: true });
    const pulls = await stop();
    expect(pulls.failed).toEqual([]);
    expect(pulls.ok).toBeGreaterThan(10);
  }, 240_000);

  it('fails the canary with a restricted user’s keys, switches nothing, and the old instance keeps serving', async () => {
    const before = runner().current!.baseUrl;
    const probe = s3Env.user('PROBE');
    const denied = { ...settings('enabled'), bucket: restricted, accessKey: probe.accessKey, secretKey: probe.secretKey };
    const result = await run('run-5', denied);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/blob upload|manifest push|HTTP 5\d\d/);
    expect(runner().current!.baseUrl).toBe(before);
    expect(await bucketKeys(restricted, REGISTRY_ROOT)).toEqual([]);
    const pulled = await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${path.join(dir, 'pulled-after')}:app`, authFile);
    expect(pulled.code, pulled.output).toBe(0);
  }, 180_000);
});
