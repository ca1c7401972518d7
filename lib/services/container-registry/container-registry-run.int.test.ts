import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ServicesStatusFile } from '@/lib/services/status';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { finishedRun, manageSession } from '@/lib/testing/manage-session';
import { runCli } from '@/lib/testing/run-cli';
import { startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { layoutManifestDigest, makeOciImage, skopeoCopy, writeAuthFile } from '@/lib/testing/skopeo';
import en from '@/messages/en.json';
import { REGISTRY_ROOT } from './config';

// The Container registry through the console itself (`next start`): the toggle taken by the Manage API
// (and read back by the CLI), a configuration run starting, proving and switching Debian's registry, a
// credential made with the CLI put in force at once, and the stock skopeo pushing an image whose layer
// lands in the bucket. On Azure Blob Storage the Manage API refuses the toggle before any request.

const owner = ownerClient();
const bucket = bucketName('creg-run');
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';
// The pushed image, for the anonymous pull after it.
let pushedImage: { host: string; work: string; manifestDigest: string; authFile: string } | null = null;
const NAME = en.Ecosystems['container-registry'].name;

async function record(id: string) {
  const status = JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
  return status.ecosystems.find((ecosystem) => ecosystem.id === id)!;
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  dataDir = await tempDataDir('creg-run');
  server = await startRunConsole(dataDir);
  call = await manageSession(server.url);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
});

describe('Container registry in configuration runs', () => {
  it('is enabled through the Manage API, started and proven by a run, and takes a push from skopeo with a CLI-made credential', async () => {
    const { accessKey, secretKey } = s3Env.user('OWNER');
    const packages = { enabled: true, service_url: s3Env.endpoint, s3_bucket: bucket, aws_access_key: accessKey, aws_secret_key: secretKey, s3_path_style: 'path', ecosystems: { 'container-registry': 'enabled' } };
    expect((await call('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
    const started = await call('POST', '/config/apply');
    expect(started.status).toBe(202);
    const runId = started.json.run_id as string;
    expect(await finishedRun(call, runId)).toMatchObject({ successful: true });
    const bodies = ((await call('GET', `/config/apply/events?run_id=${runId}`)).json.events as { body: string }[]).map((event) => event.body);
    expect(bodies.some((body) => body.startsWith(`${NAME}: the canary went through the new instance`))).toBe(true);
    const registry = await record('container-registry');
    expect(registry).toMatchObject({ mode: 'enabled', state: 'running', lastCanary: { runId, ok: true } });
    expect((await fetch(`${registry.publicUrl}/v2/`)).status).toBe(401);
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.ecosystems['container-registry']).toBe('enabled');
    const env = { CONSOLE_DATA_DIR: dataDir };
    const got = await runCli(['config', 'get', 'app.packages.ecosystems.container-registry'], { env });
    expect(got.stdout.trim()).toBe('enabled');

    const added = await runCli(['services', 'credentials', 'add', 'container-registry', 'ci-bot', '--json'], { env });
    expect(added.code, added.stderr).toBe(0);
    const credential = JSON.parse(added.stdout) as { secret: string; in_force: string };
    expect(credential.in_force).toBe('refreshed');
    const host = new URL(registry.publicUrl).host;
    const work = await tempDataDir('creg-run-image');
    const authFile = await writeAuthFile(path.join(work, 'auth.json'), host, 'ci-bot', credential.secret);
    const image = await makeOciImage(path.join(work, 'image'));
    const pushed = await skopeoCopy(image.reference, `docker://${host}/team/app:1`, authFile);
    expect(pushed.code, pushed.output).toBe(0);
    const hex = image.layerDigest.slice('sha256:'.length);
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${REGISTRY_ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key)).toEqual([`${REGISTRY_ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/data`]);
    const pulled = await skopeoCopy(`docker://${host}/team/app:1`, `oci:${path.join(work, 'pulled')}:app`, authFile);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(path.join(work, 'pulled'))).toBe(image.manifestDigest);
    pushedImage = { host, work, manifestDigest: image.manifestDigest, authFile };
  }, 240_000);

  it('serves pulls without a credential once anonymous pulls are enabled through the Manage API and a run', async () => {
    const { host, work, manifestDigest, authFile } = pushedImage!;
    const env = { CONSOLE_DATA_DIR: dataDir };
    expect((await runCli(['config', 'get', 'app.packages.ecosystems.container-registry-anonymous-pulls'], { env })).stdout.trim()).toBe('disabled');
    const refused = await skopeoCopy(`docker://${host}/team/app:1`, `oci:${path.join(work, 'refused')}:app`, authFile, 'src');
    expect(refused.code).not.toBe(0);
    const body = { packages: { ecosystems: { 'container-registry-anonymous-pulls': 'enabled' } } };
    expect((await call('PUT', '/config/settings', { body })).status).toBe(204);
    expect((await call('GET', '/config/settings')).json).toMatchObject({ packages: { ecosystems: { 'container-registry-anonymous-pulls': 'enabled' } } });
    const started = await call('POST', '/config/apply');
    expect(await finishedRun(call, started.json.run_id as string)).toMatchObject({ successful: true });
    expect((await runCli(['config', 'get', 'app.packages.ecosystems.container-registry-anonymous-pulls'], { env })).stdout.trim()).toBe('enabled');
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.ecosystems['container-registry-anonymous-pulls']).toBe('enabled');
    const pulled = await skopeoCopy(`docker://${host}/team/app:1`, `oci:${path.join(work, 'pulled-anon')}:app`, authFile, 'src');
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(path.join(work, 'pulled-anon'))).toBe(manifestDigest);
    const image = await makeOciImage(path.join(work, 'image-anon'));
    const pushed = await skopeoCopy(image.reference, `docker://${host}/team/app:anon`, authFile, 'dest');
    expect(pushed.code).not.toBe(0);
  }, 240_000);

  it('is refused on Azure Blob Storage by the Manage API, naming the missing driver, and nothing is saved', async () => {
    const before = await call('GET', '/config/settings');
    const packages = { blob_storage_type: 'azure', azure_container_name: 'packages', azure_connection_string: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net', ecosystems: { 'container-registry': 'enabled' } };
    const refused = await call('PUT', '/config/settings', { body: { packages } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.json)).toContain(en.Ecosystems.validation.storageDriverMissing.slice(0, 40));
    expect((await call('GET', '/config/settings')).json).toEqual(before.json);
  }, 60_000);
});
