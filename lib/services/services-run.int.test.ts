import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesStatusFile } from '@/lib/services/status';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { finishedRun, manageSession } from '@/lib/testing/manage-session';
import { startRunConsole } from '@/lib/testing/run-console';
import { runCli } from '@/lib/testing/run-cli';
import { userClient } from '@/lib/testing/marker-s3-user';
import { npmClient } from '@/lib/testing/npm-client';
import { bucketName, createBucket, ownerClient, PROBE_ARN, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import en from '@/messages/en.json';

// Configuration runs against a real `next start` whose supervisor runs Verdaccio and the Turborepo
// remote cache on the Ceph gateway: a run starts, proves (canary) and switches them; Read-Only at the
// front; a run from the CLI reaches them through the console's socket; a configuration whose keys
// cannot write where the services store fails verify and leaves the old instances serving.

const owner = ownerClient();
const good = bucketName('svc-run');
const restricted = bucketName('svc-deny');
const mirror = bucketName('svc-mirror');
const probe = () => s3Env.user('PROBE');
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';

async function status(): Promise<ServicesStatusFile> {
  return JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
}
const record = async (id: string) => (await status()).ecosystems.find((ecosystem) => ecosystem.id === id)!;

async function saveAndApply(packages: Record<string, unknown>): Promise<Record<string, unknown>> {
  const saved = await call('PUT', '/config/settings', { body: { packages } });
  expect(saved.status).toBe(204);
  const started = await call('POST', '/config/apply');
  expect(started.status).toBe(202);
  return { ...(await finishedRun(call, started.json.run_id as string)), id: started.json.run_id };
}

async function events(runId: string): Promise<string[]> {
  const answer = await call('GET', `/config/apply/events?run_id=${runId}`);
  return (answer.json.events as { body: string }[]).map((event) => event.body);
}

beforeAll(async () => {
  await createBucket(owner, good);
  await createBucket(owner, restricted);
  await createBucket(owner, mirror);
  // The check's probes may write anywhere; the services' prefix is denied: the check passes, the canary cannot.
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: [PROBE_ARN] }, Action: ['s3:*'], Resource: [`arn:aws:s3:::${restricted}`, `arn:aws:s3:::${restricted}/*`] },
      { Effect: 'Deny', Principal: { AWS: [PROBE_ARN] }, Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${restricted}/packages-services/*`] },
    ],
  };
  await owner.send(new PutBucketPolicyCommand({ Bucket: restricted, Policy: JSON.stringify(policy) }));
  dataDir = await tempDataDir('services-run');
  // Only the services' processes (their reserved-address preload) get `localhost` as a metadata address:
  // the console's own check reaches the gateway under that name, the services must refuse it.
  server = await startRunConsole(dataDir, { PACKAGES_CONSOLE_TEST_LOOKUP: 'localhost=169.254.169.254' });
  call = await manageSession(server.url);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeBucket(owner, good).catch(() => undefined);
  await removeBucket(owner, restricted).catch(() => undefined);
  await removeBucket(owner, mirror).catch(() => undefined);
  owner.destroy();
});

describe('packages services in configuration runs', () => {
  it('starts, proves and switches both ecosystems, each serving on its front from the bucket', async () => {
    const run = await saveAndApply({
      enabled: true,
      service_url: s3Env.endpoint,
      s3_bucket: good,
      aws_access_key: probe().accessKey,
      aws_secret_key: probe().secretKey,
      ecosystems: { npm: 'enabled', 'build-cache': 'enabled' },
    });
    expect(run).toMatchObject({ successful: true });
    const bodies = await events(run.id as string);
    for (const name of [en.Ecosystems.npm.name, en.Ecosystems['build-cache'].name]) {
      expect(bodies.some((body) => body.startsWith(`${name}: the canary went through the new instance`))).toBe(true);
      expect(bodies).toContain(en.ConfigRun.events.serviceSwitched.replace('{service}', name).replace('{mode}', en.Ecosystems.modes.enabled));
    }
    const npm = await record('npm');
    expect(npm).toMatchObject({ mode: 'enabled', state: 'running', restarts: 0, lastCanary: { runId: run.id, ok: true } });
    expect(npm.storage).toContain(good);
    // The canary published in its own scope, the run in its version.
    expect(npm.lastCanary!.storedKeys).toContainEqual(expect.stringMatching(new RegExp(`^packages-services/npm/@console-canary/canary-[0-9a-f]{12}/canary-[0-9a-f]{12}-0\\.0\\.0-canary-${String(run.id)}\\.tgz$`)));
    expect((await fetch(`${npm.publicUrl}/-/ping`)).status).toBe(200);
    const cache = await record('build-cache');
    expect(cache.state).toBe('running');
    // Writes need a token: the front serves the cache, the cache refuses a wrong one.
    const upload = { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: 'Bearer wrong-token' }, body: 'x' };
    expect((await fetch(`${cache.publicUrl}/v8/artifacts/abc?slug=console`, upload)).status).toBe(401);
    // The applied configuration carries the toggles.
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.ecosystems).toEqual({ 'container-registry': 'disabled', 'container-registry-anonymous-pulls': 'disabled', npm: 'enabled', 'npm-upstreaming': 'disabled', 'build-cache': 'enabled', 'build-cache-anonymous-reads': 'disabled' });
  }, 180_000);

  it('gives users credentials the console generates: the stock npm client publishes into the bucket, the build cache takes a token, revoked ones are refused', async () => {
    const npmUrl = (await record('npm')).publicUrl;
    const env = { CONSOLE_DATA_DIR: dataDir };
    const added = await runCli(['services', 'credentials', 'add', 'npm', 'ci-bot', '--json'], { env });
    expect(added.code, added.stderr).toBe(0);
    const credential = JSON.parse(added.stdout) as { secret: string; in_force: string };
    expect(credential.in_force).toBe('refreshed');
    const work = await mkdtemp(path.join(os.tmpdir(), 'services-run-npm-'));
    const client = npmClient(work, npmUrl);
    const login = await client.login('ci-bot', credential.secret);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    const pkg = path.join(work, 'pkg');
    await mkdir(pkg);
    await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: 'services-run-demo', version: '1.0.0' }));
    const published = await client.run(['publish'], pkg);
    expect(published.code, published.stderr).toBe(0);
    const stored = await owner.send(new ListObjectsV2Command({ Bucket: good, Prefix: 'packages-services/npm/services-run-demo/' }));
    expect((stored.Contents ?? []).map((item) => item.Key)).toContain('packages-services/npm/services-run-demo/services-run-demo-1.0.0.tgz');

    const token = await call('POST', '/packages/services/build-cache/credentials', { body: { name: 'ci' } });
    expect(token.status).toBe(201);
    expect(token.json).toMatchObject({ name: 'ci', in_force: 'refreshed' });
    const cacheUrl = (await record('build-cache')).publicUrl;
    const artifact = (bearer: string) => ({ method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${bearer}` }, body: 'artifact bytes' });
    expect((await fetch(`${cacheUrl}/v8/artifacts/0123abcd?slug=team`, artifact(token.json.secret as string))).status).toBe(200);
    const listed = await call('GET', '/packages/services/build-cache/credentials');
    expect(listed.json.credentials).toEqual([{ name: 'ci', created_at: expect.any(String) }]);
    expect(JSON.stringify(listed.json)).not.toContain(token.json.secret as string);
    expect((await call('DELETE', '/packages/services/build-cache/credentials/ci')).json).toMatchObject({ in_force: 'refreshed' });
    expect((await fetch(`${cacheUrl}/v8/artifacts/0123abce?slug=team`, artifact(token.json.secret as string))).status).toBe(401);
    expect((await call('DELETE', '/packages/services/build-cache/credentials/ci')).status).toBe(404);
  }, 240_000);

  it('loses no download through the front during 10 runs, two of them moving the storage to a bucket holding the same objects and back', async () => {
    // The second bucket gets what npm stored in the first (its database and the package), as a copy of the
    // data would; with the keys that wrote them (Ceph lets an object's owner read it, not the bucket's).
    const writer = userClient(probe().accessKey, probe().secretKey);
    const listed = await writer.send(new ListObjectsV2Command({ Bucket: good, Prefix: 'packages-services/npm/' }));
    for (const item of listed.Contents ?? []) {
      const object = await writer.send(new GetObjectCommand({ Bucket: good, Key: item.Key! }));
      await writer.send(new PutObjectCommand({ Bucket: mirror, Key: item.Key!, Body: await object.Body!.transformToByteArray() }));
    }
    writer.destroy();
    const tarball = `${(await record('npm')).publicUrl}/services-run-demo/-/services-run-demo-1.0.0.tgz`;
    let downloads = 0;
    const failures: string[] = [];
    let looping = true;
    const loop = (async () => {
      while (looping) {
        const answer = await fetch(tarball, { signal: AbortSignal.timeout(10_000) }).then((response) => response.status, (error: Error) => error.name);
        downloads += 1;
        if (answer !== 200) failures.push(String(answer));
      }
    })();
    for (const bucket of [good, good, good, good, mirror, mirror, mirror, mirror, good, good]) {
      const run = await saveAndApply({ s3_bucket: bucket });
      expect(run).toMatchObject({ successful: true });
    }
    looping = false;
    await loop;
    expect(failures).toEqual([]);
    expect(downloads).toBeGreaterThan(50);
    expect((await record('npm')).storage).toContain(good);
  }, 400_000);

  it('sets npm to Read-Only at its front, loses no request while switching, and answers a publish with the read-only error', async () => {
    const npmUrl = (await record('npm')).publicUrl;
    const failures: number[] = [];
    let polling = true;
    const loop = (async () => {
      while (polling) {
        const answer = await fetch(`${npmUrl}/-/ping`).then((response) => response.status, () => 0);
        if (answer !== 200) failures.push(answer);
      }
    })();
    const run = await saveAndApply({ ecosystems: { npm: 'read-only' } });
    polling = false;
    await loop;
    expect(run).toMatchObject({ successful: true });
    expect(failures).toEqual([]);
    expect(await record('npm')).toMatchObject({ mode: 'read-only', state: 'read-only' });
    const publish = await fetch(`${npmUrl}/some-package`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(publish.status).toBe(403);
  }, 180_000);

  it('takes a run from the CLI through the console: disabling the build cache stops it', async () => {
    const env = { CONSOLE_DATA_DIR: dataDir };
    expect((await runCli(['config', 'set', 'app.packages.ecosystems.build-cache', 'disabled'], { env })).code).toBe(0);
    const applied = await runCli(['config', 'apply', '--json'], { env });
    expect(applied.code).toBe(0);
    const cache = await record('build-cache');
    expect(cache).toMatchObject({ mode: 'disabled', state: 'stopped', pid: null });
    expect((await fetch(`${cache.publicUrl}/v8/artifacts/abc`)).status).toBe(503);
  }, 180_000);

  it('fails, at once, a run whose keys cannot write where the services store, and leaves the old instances serving the old bucket', async () => {
    const before = await record('npm');
    const appliedBefore = await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8');
    const run = await saveAndApply({ s3_bucket: restricted });
    expect(run).toMatchObject({ successful: false });
    const phases = run.phases as { name: string; state: string; error: { code: string } | null }[];
    // Verdaccio's S3 plugin writes its database at start: refused there, the new instance exits, and the run
    // says so without waiting for the readiness timeout.
    expect(phases.map((phase) => `${phase.name}:${phase.state}`)).toEqual(['validate:done', 'check:done', 'write:done', 'apply:failed', 'verify:pending']);
    expect(phases[3]?.error?.code).toBe('serviceStartFailed');
    const applyPhase = run.phases as { started_at: string; finished_at: string }[];
    expect(Date.parse(applyPhase[3]!.finished_at) - Date.parse(applyPhase[3]!.started_at)).toBeLessThan(30_000);
    expect(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).toBe(appliedBefore);
    const after = await record('npm');
    expect(after).toMatchObject({ pid: before.pid, startedAt: before.startedAt, state: 'read-only' });
    expect(after.storage).toContain(good);
    expect((await fetch(`${after.publicUrl}/-/ping`)).status).toBe(200);
    const bodies = await events(run.id as string);
    expect(bodies.some((body) => body.startsWith(en.ConfigRun.events.serviceNotStarted.split('{detail}')[0]!.replace('{service}', en.Ecosystems.npm.name)))).toBe(true);
  }, 180_000);

  it('fails a run whose storage host resolves, in the services\' own processes, to a metadata address, naming it, and leaves the old npm serving', async () => {
    const base = { enabled: true, service_url: s3Env.endpoint, s3_bucket: good, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey };
    const before = await saveAndApply({ ...base, ecosystems: { npm: 'enabled', 'build-cache': 'disabled' } });
    expect(before).toMatchObject({ successful: true });
    const serving = await record('npm');
    const appliedBefore = await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8');
    const run = await saveAndApply({ service_url: s3Env.endpoint.replace('127.0.0.1', 'localhost') });
    expect(run).toMatchObject({ successful: false });
    const phases = run.phases as { name: string; state: string; error: { code: string; message: string } | null }[];
    // The console's check passed (it resolves localhost as the system does); the new npm instance refused the address.
    expect(phases.map((phase) => `${phase.name}:${phase.state}`)).toEqual(['validate:done', 'check:done', 'write:done', 'apply:failed', 'verify:pending']);
    expect(phases[3]?.error).toEqual({
      code: 'serviceReservedAddress',
      message: en.ConfigRun.errors.serviceReservedAddress.replace('{service}', en.Ecosystems.npm.name).replace('{host}', 'localhost').replace('{address}', '169.254.169.254'),
    });
    expect(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).toBe(appliedBefore);
    const after = await record('npm');
    expect(after).toMatchObject({ pid: serving.pid, startedAt: serving.startedAt, state: 'running' });
    expect((await fetch(`${after.publicUrl}/-/ping`)).status).toBe(200);
    const log = await readFile(path.join(dataDir, 'services', 'npm.log'), 'utf8');
    expect(log).toContain('ERR_RESERVED_ADDRESS: refused a connection to localhost (169.254.169.254, a link-local or cloud metadata address)');
  }, 180_000);
});
