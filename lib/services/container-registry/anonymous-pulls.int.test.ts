import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { s3Settings, tempDir } from '@/lib/testing/services';
import { layoutManifestDigest, makeOciImage, skopeoCopy, writeAuthFile, type OciImage } from '@/lib/testing/skopeo';
import { addCredential } from '../credentials/store';
import { freePort } from '../supervisor/free-port';
import { ServicesSupervisor } from '../supervisor/services-supervisor';
import { ANONYMOUS_PULL_USER } from './config';

// Anonymous pulls (app.packages.ecosystems.container-registry-anonymous-pulls) with Debian's docker-registry
// on the Ceph gateway and the stock skopeo, through configuration runs: off, a pull without a credential is
// refused as before; on, it is served with the same digests while a push without a credential, and a
// pull with a wrong one, are still refused and a push with an admin's credential still works.

const owner = ownerClient();
const bucket = bucketName('creg-anon');
let dir: string;
let env: ConsoleEnv;
let supervisor: ServicesSupervisor;
let frontHost: string;
let authFile: string;
let wrongAuthFile: string;
let image: OciImage;
const settings = (anonymousPulls: string) => ({ ...s3Settings(bucket), containerRegistryMode: 'enabled', containerRegistryAnonymousPulls: anonymousPulls });

async function run(runId: string, anonymousPulls: string): Promise<void> {
  const staged = (await supervisor.stageRun(runId, settings(anonymousPulls))).find((outcome) => outcome.id === 'container-registry');
  expect(staged?.action, JSON.stringify(staged)).not.toBe('failed');
  const proved = (await supervisor.proveRun(runId)).find((outcome) => outcome.id === 'container-registry');
  expect(proved?.ok, JSON.stringify(proved)).toBe(true);
  await supervisor.commitRun(runId);
}

const pullAnonymously = (reference: string, into: string) => skopeoCopy(`docker://${frontHost}/${reference}`, `oci:${path.join(dir, into)}:app`, authFile, 'src');

beforeAll(async () => {
  await createBucket(owner, bucket);
  dir = await tempDir('creg-anon');
  const ports = { npm: await freePort(), 'build-cache': await freePort(), 'container-registry': await freePort() };
  env = { ...readConsoleEnv(), dataDir: path.join(dir, 'data'), encryptionKey: null, services: { host: '127.0.0.1', ports, readyTimeoutMs: 60_000, modulesDir: path.resolve('scripts/services/node_modules') } };
  frontHost = `127.0.0.1:${ports['container-registry']}`;
  const { secret } = await addCredential(env, 'container-registry', 'ci-bot');
  authFile = await writeAuthFile(path.join(dir, 'auth.json'), frontHost, 'ci-bot', secret);
  wrongAuthFile = await writeAuthFile(path.join(dir, 'wrong.json'), frontHost, 'ci-bot', 'not-the-secret');
  image = await makeOciImage(path.join(dir, 'image'));
  supervisor = await ServicesSupervisor.start(env, { graceMs: 3000, loadSettings: async () => settings('disabled') });
  await run('run-1', 'disabled');
  const pushed = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:1`, authFile);
  expect(pushed.code, pushed.output).toBe(0);
}, 180_000);

afterAll(async () => {
  await supervisor?.shutdown();
  await removeBucket(owner, bucket);
  owner.destroy();
});

describe('Container registry anonymous pulls on S3 (Ceph RGW)', () => {
  it('off (the default): a pull without a credential is refused with 401', async () => {
    const refused = await pullAnonymously('team/app:1', 'refused-off');
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/401|unauthorized|authentication required/i);
    expect((await fetch(`http://${frontHost}/v2/`, { signal: AbortSignal.timeout(5000) })).status).toBe(401);
    const htpasswd = await fs.readFile(path.join(supervisor.runner('container-registry').current!.instanceDir, 'htpasswd'), 'utf8');
    expect(htpasswd).not.toContain(ANONYMOUS_PULL_USER);
  }, 120_000);

  it('on: serves a pull without a credential with the same digests; a credential-less push and a wrong credential are still refused', async () => {
    await run('run-2', 'enabled');
    const current = supervisor.runner('container-registry').current!;
    expect(await fs.readFile(path.join(current.instanceDir, 'htpasswd'), 'utf8')).toContain(`${ANONYMOUS_PULL_USER}:$2`);
    // The API ping still challenges (clients send their push credentials only when challenged there); a client
    // that was challenged and has no credential sends an empty one, which counts as none.
    expect((await fetch(`http://${frontHost}/v2/`, { signal: AbortSignal.timeout(5000) })).status).toBe(401);
    expect((await fetch(`http://${frontHost}/v2/`, { headers: { authorization: 'Basic Og==' }, signal: AbortSignal.timeout(5000) })).status).toBe(200);
    expect((await fetch(`http://${frontHost}/v2/team/app/tags/list`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
    const pulled = await pullAnonymously('team/app:1', 'pulled-anon');
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(path.join(dir, 'pulled-anon'))).toBe(image.manifestDigest);
    expect((await fs.readFile(path.join(dir, 'pulled-anon', 'blobs', 'sha256', image.layerDigest.slice(7)))).equals(image.layer)).toBe(true);
    const head = await fetch(`http://${frontHost}/v2/team/app/blobs/${image.layerDigest}`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    expect(head.status).toBe(200);

    const anonymousPush = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:anon`, authFile, 'dest');
    expect(anonymousPush.code, anonymousPush.output).not.toBe(0);
    expect(anonymousPush.output).toMatch(/401|unauthorized|authentication required/i);
    // Whatever the client reports, the registry holds no such tag.
    const tags = await fetch(`http://${frontHost}/v2/team/app/tags/list`, { signal: AbortSignal.timeout(5000) }).then((answer) => answer.json());
    expect(tags).toEqual({ name: 'team/app', tags: ['1'] });
    const upload = await fetch(`http://${frontHost}/v2/team/app/blobs/uploads/`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    expect(upload.status).toBe(401);
    // The front's own read account is refused on a write even if a client had it.
    const readAccount = current.rendered.anonymousRead!.authorization;
    const forged = await fetch(`http://${frontHost}/v2/team/app/blobs/uploads/`, { method: 'POST', headers: { authorization: readAccount }, signal: AbortSignal.timeout(5000) });
    expect(forged.status).toBe(401);
    expect(await fetch(`http://${frontHost}/v2/team/app/tags/list`, { headers: { authorization: readAccount }, signal: AbortSignal.timeout(5000) }).then((answer) => answer.status)).toBe(200);

    const wrong = await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${path.join(dir, 'refused-wrong')}:app`, wrongAuthFile);
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/401|unauthorized|authentication required/i);
    const wrongFetch = await fetch(`http://${frontHost}/v2/team/app/manifests/1`, { headers: { authorization: `Basic ${Buffer.from('ci-bot:not-the-secret').toString('base64')}` }, signal: AbortSignal.timeout(5000) });
    expect(wrongFetch.status).toBe(401);
  }, 180_000);

  it('on: a push with an admin’s credential still works, and its tag is pulled back without one', async () => {
    const pushed = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:2`, authFile);
    expect(pushed.code, pushed.output).toBe(0);
    const pulled = await pullAnonymously('team/app:2', 'pulled-anon-2');
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(path.join(dir, 'pulled-anon-2'))).toBe(image.manifestDigest);
  }, 180_000);

  it('off again: the next run takes anonymous pulls away', async () => {
    await run('run-3', 'disabled');
    const refused = await pullAnonymously('team/app:1', 'refused-again');
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/401|unauthorized|authentication required/i);
    expect((await fetch(`http://${frontHost}/v2/team/app/tags/list`, { signal: AbortSignal.timeout(5000) })).status).toBe(401);
  }, 180_000);
});
