import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import type { ServicesStatusFile } from '@/lib/services/status';
import { azureEnv, containerName, createContainer, keyConnectionString, ownerService, removeContainer } from '@/lib/testing/azurite';
import { ROOT, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { CLI_COMMAND, runCli } from '@/lib/testing/run-cli';
import { manageSession } from '@/lib/testing/manage-session';
import { userClient } from '@/lib/testing/marker-s3-user';
import { npmClient, type NpmClient } from '@/lib/testing/npm-client';
import { startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { startSwitchableGateway, type SwitchableGateway } from '@/lib/testing/switchable-gateway';
import en from '@/messages/en.json';
import { requestCancel } from './run-cancel';
import { startConfigRun } from './run-engine';
import type { RunRequest } from './phases';
import type { ConfigRunRecord } from './types';

// Moving a populated packages storage in a configuration run, against a real `next start` whose
// supervisor runs Verdaccio and the build cache: Ceph RGW -> Azurite -> RGW with packages published
// before and installed after (same bytes, the npm token issued before still works), uploads refused and
// downloads served during the final copy, the old copy left whole; a cancel leaves the storage in force
// serving and a resume copies only the rest; the gateway stopped mid-copy, then a resume once it is back;
// a CLI run killed with kill -9, resumed from the CLI.
// The runs start in this process, as the CLI's do: they reach the console's services through its socket.

const owner = ownerClient();
const first = bucketName('move-a');
const third = bucketName('move-c');
const fourth = bucketName('move-d');
const fifth = bucketName('move-e');
const container = containerName('move-b');
const pkg = `move-${randomBytes(4).toString('hex')}`;
const payload = randomBytes(48 * 1024).toString('base64');
const artifact = randomBytes(96 * 1024);
const artifactId = randomBytes(16).toString('hex');
const probe = () => s3Env.user('PROBE');
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';
let work = '';
let npm: NpmClient;
let cacheToken = '';
let writer: S3Client;
const buckets: string[] = [];

const env = () => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir, CONSOLE_CHECK_TIMEOUT_MS: '10000' });
const s3Settings = (bucket: string, endpoint = s3Env.endpoint) => ({ blob_storage_type: 's3', service_url: endpoint, s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey });

async function record(id: string) {
  const status = JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
  return status.ecosystems.find((ecosystem) => ecosystem.id === id)!;
}

async function save(packages: Record<string, unknown>): Promise<void> {
  const saved = await call('PUT', '/config/settings', { body: { packages } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(204);
}

/** A run of this process; `watch` sees every update of the run as it is saved. */
async function run(request: RunRequest, watch?: (run: ConfigRunRecord) => void): Promise<ConfigRunRecord> {
  const started = await startConfigRun(request, { source: 'cli', actor: 'cli', env: env(), onUpdate: watch });
  if (started.kind !== 'started') throw new Error(`a run is in progress: ${started.runId}`);
  return started.finished;
}

const phaseStates = (done: ConfigRunRecord) => Object.fromEntries(done.phases.map((phase) => [phase.name, phase.state]));
const failureOf = (done: ConfigRunRecord) => done.phases.find((phase) => phase.state === 'failed')?.failure;

async function s3Objects(bucket: string): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await writer.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) objects.set(item.Key!, `${item.Size}:${item.ETag}`);
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

async function blobNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat()) names.push(blob.name);
  return names.sort();
}

/** Keys a move carries: the ecosystems' (the console's own probes stay behind). */
const packagesKeys = (keys: Iterable<string>) => [...keys].filter((key) => !key.startsWith('.console-') && !key.startsWith('packages-console-canary/')).sort();

async function publish(version: string): Promise<{ code: number; stderr: string }> {
  const dir = path.join(work, `pkg-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: pkg, version, main: 'data.txt' }));
  await writeFile(path.join(dir, 'data.txt'), payload);
  return npm.run(['publish'], dir);
}

/** Installs pkg@version with the stock npm client and the login made before any move: the installed file's SHA-256. */
async function installed(version: string, label: string): Promise<string> {
  const dir = path.join(work, `consumer-${label}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{"name":"consumer","version":"0.0.0","private":true}\n');
  // No cached tarball: the bytes come from the registry, so from the storage in force.
  await rm(path.join(work, 'cache'), { recursive: true, force: true });
  const result = await npm.run(['install', `${pkg}@${version}`, '--ignore-scripts', '--prefer-online'], dir);
  expect(result.code, result.stderr).toBe(0);
  return createHash('sha256').update(await readFile(path.join(dir, 'node_modules', pkg, 'data.txt'))).digest('hex');
}

async function cacheArtifact(id = artifactId): Promise<Buffer> {
  const answer = await fetch(`${(await record('build-cache')).publicUrl}/v8/artifacts/${id}?slug=team`, { headers: { authorization: `Bearer ${cacheToken}` }, signal: AbortSignal.timeout(10_000) });
  expect(answer.status).toBe(200);
  return Buffer.from(await answer.arrayBuffer());
}

const upload = (id: string, body: BodyInit) => ({ method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${cacheToken}` }, body, signal: AbortSignal.timeout(10_000) });

/** Blobs in the build cache's part of the storage, so that a copy takes long enough to be stopped midway. */
async function seedBulkBlobs(count: number): Promise<void> {
  const body = randomBytes(256 * 1024);
  const client = ownerService().getContainerClient(container);
  for (let index = 0; index < count; index += 8) {
    await Promise.all(Array.from({ length: Math.min(8, count - index) }, (_, offset) => client.getBlockBlobClient(`bulk/${String(index + offset).padStart(4, '0')}`).uploadData(body)));
  }
}

beforeAll(async () => {
  for (const bucket of [first, third, fourth, fifth]) await createBucket(owner, bucket);
  await createContainer(container);
  writer = userClient(probe().accessKey, probe().secretKey);
  dataDir = await tempDataDir('storage-move');
  work = await mkdtemp(path.join(os.tmpdir(), 'storage-move-npm-'));
  server = await startRunConsole(dataDir);
  call = await manageSession(server.url);
  await save({ enabled: true, ...s3Settings(first), ecosystems: { npm: 'enabled', 'build-cache': 'enabled' } });
  const applied = await run({ kind: 'apply' });
  expect(applied.state).toBe('succeeded');
  const account = await call('POST', '/packages/services/npm/credentials', { body: { name: 'ci-bot' } });
  expect(account.status).toBe(201);
  npm = npmClient(work, (await record('npm')).publicUrl);
  const login = await npm.login('ci-bot', account.json.secret as string);
  expect(login.code, login.stdout + login.stderr).toBe(0);
  expect((await publish('1.0.0')).code).toBe(0);
  const token = await call('POST', '/packages/services/build-cache/credentials', { body: { name: 'ci' } });
  expect(token.status).toBe(201);
  cacheToken = token.json.secret as string;
  expect((await fetch(`${(await record('build-cache')).publicUrl}/v8/artifacts/${artifactId}?slug=team`, upload(artifactId, artifact))).status).toBe(200);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  for (const bucket of [first, third, fourth, fifth, ...buckets]) await removeBucket(owner, bucket).catch(() => undefined);
  await removeContainer(container).catch(() => undefined);
  writer?.destroy();
  owner.destroy();
});

describe('moving the packages storage in a configuration run', () => {
  const expectedHash = createHash('sha256').update(payload).digest('hex');

  it('moves Ceph RGW to Azure: uploads refused and downloads served during the final copy, the same packages after, the old copy whole', async () => {
    const before = await s3Objects(first);
    await save({ blob_storage_type: 'azure', azure_container_name: container, azure_connection_string: keyConnectionString() });
    const during: Promise<{ upload: number; download: number }>[] = [];
    const done = await run({ kind: 'apply', migrate: true }, (update) => {
      const finalCopy = update.phases.find((phase) => phase.name === 'finalCopy');
      if (finalCopy?.state === 'running' && during.length === 0 && update.events.some((event) => event.code === 'writesHeld')) {
        during.push(
          (async () => {
            const cache = (await record('build-cache')).publicUrl;
            const refused = await fetch(`${cache}/v8/artifacts/${randomBytes(16).toString('hex')}?slug=team`, upload('x', 'late'));
            const served = await fetch(`${cache}/v8/artifacts/${artifactId}?slug=team`, { headers: { authorization: `Bearer ${cacheToken}` } });
            await served.arrayBuffer();
            return { upload: refused.status, download: served.status };
          })(),
        );
      }
    });
    expect(done.state, JSON.stringify(failureOf(done))).toBe('succeeded');
    expect(phaseStates(done)).toEqual({ validate: 'done', check: 'done', write: 'done', inventory: 'done', copy: 'done', copyVerify: 'done', finalCopy: 'done', apply: 'done', verify: 'done' });
    expect(done.phases.map((phase) => phase.name)).toEqual(['validate', 'check', 'write', 'inventory', 'copy', 'copyVerify', 'finalCopy', 'apply', 'verify']);
    expect(during).toHaveLength(1);
    expect(await during[0]).toEqual({ upload: 403, download: 200 });
    const moved = packagesKeys(before.keys());
    expect(done.migration).toMatchObject({ copied: moved.length, skipped: 0, verified: moved.length, failures: [], failureCount: 0 });
    expect(done.migration!.from).toContain(first);
    expect(done.migration!.to).toContain(container);
    expect(done.events.map((event) => event.code)).toEqual(expect.arrayContaining(['migrationInventory', 'migrationCopied', 'migrationVerified', 'writesHeld', 'migrationFinalCopy', 'writesReleased', 'migrationOldCopyKept']));
    expect(packagesKeys(await blobNames())).toEqual(moved);
    // The old storage is neither changed nor emptied.
    const after = await s3Objects(first);
    for (const key of moved) expect(after.get(key)).toBe(before.get(key));
    expect((await record('npm')).storage).toContain(container);
    // Published before, installed after with the token issued before; uploads work again, on the new storage.
    expect(await installed('1.0.0', 'after-azure')).toBe(expectedHash);
    expect((await cacheArtifact()).equals(artifact)).toBe(true);
    expect((await publish('1.0.1')).code).toBe(0);
    expect(await blobNames()).toContain(`packages-services/npm/${pkg}/${pkg}-1.0.1.tgz`);
    expect(await installed('1.0.1', 'after-azure-new')).toBe(expectedHash);
    expect(JSON.stringify(done)).not.toContain(azureEnv.accountKey);
    expect(JSON.stringify(done)).not.toContain(probe().secretKey);
  }, 300_000);

  it('moves Azure back to Ceph RGW with every package, those published and deleted during the copy included', async () => {
    await seedBulkBlobs(240);
    await save(s3Settings(third));
    let during: Promise<{ code: number; stderr: string }> | null = null;
    const deleted = 'bulk/0239';
    const done = await run({ kind: 'apply', migrate: true }, (update) => {
      if (during === null && update.migration?.progress?.phase === 'copy') {
        // Uploads are allowed until the final copy: what lands meanwhile must not be left behind, nor what is deleted kept.
        during = (async () => {
          await ownerService().getContainerClient(container).deleteBlob(deleted);
          return publish('1.0.2');
        })();
      }
    });
    expect(done.state, JSON.stringify(failureOf(done))).toBe('succeeded');
    expect(during).not.toBeNull();
    expect((await during!).code).toBe(0);
    const inAzure = packagesKeys(await blobNames());
    expect(inAzure).toContain(`packages-services/npm/${pkg}/${pkg}-1.0.2.tgz`);
    expect(inAzure).not.toContain(deleted);
    expect(packagesKeys((await s3Objects(third)).keys())).toEqual(inAzure);
    expect(await installed('1.0.1', 'after-rgw')).toBe(expectedHash);
    expect(await installed('1.0.2', 'after-rgw-during')).toBe(expectedHash);
    expect((await cacheArtifact()).equals(artifact)).toBe(true);
    // Nothing left to resume: the manifest is gone with the run's success.
    await expect(readFile(path.join(dataDir, 'migrations', `${done.id}.jsonl`), 'utf8')).rejects.toThrow(/ENOENT/);
  }, 300_000);

  it('cancelled mid-copy, leaves the storage in force serving; the resume copies only the rest', async () => {
    await save(s3Settings(fourth));
    let cancelled = false;
    const stopped = await run({ kind: 'apply', migrate: true }, (update) => {
      if (!cancelled && update.migration?.progress?.phase === 'copy') {
        cancelled = true;
        void requestCancel(env(), update.id);
      }
    });
    expect(stopped.state).toBe('failed');
    expect(failureOf(stopped)).toEqual({ code: 'cancelled' });
    expect(phaseStates(stopped)).toMatchObject({ copy: 'failed', apply: 'pending' });
    const partly = (await s3Objects(fourth)).size;
    expect(partly).toBeGreaterThan(0);
    // The manifest of what is proven so far names keys, sizes and hashes: never a credential.
    const journal = await readFile(path.join(dataDir, 'migrations', `${stopped.id}.jsonl`), 'utf8');
    expect(journal).toContain('"sha256"');
    for (const secret of [azureEnv.accountKey, probe().secretKey, cacheToken]) expect(journal).not.toContain(secret);
    expect(partly).toBeLessThan(239);
    // Still in force and serving: the applied configuration names the old bucket, npm installs.
    expect(JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).packages.s3_bucket).toBe(third);
    expect(await installed('1.0.0', 'after-cancel')).toBe(expectedHash);

    const resumed = await run({ kind: 'apply', resume: stopped.id });
    expect(resumed.state, JSON.stringify(failureOf(resumed))).toBe('succeeded');
    expect(resumed.events.map((event) => event.code)).toContain('migrationResumed');
    expect(resumed.migration!.skipped).toBeGreaterThanOrEqual(stopped.migration!.copied);
    expect(resumed.migration!.copied).toBeLessThan(packagesKeys((await s3Objects(third)).keys()).length);
    expect(packagesKeys((await s3Objects(fourth)).keys())).toEqual(packagesKeys((await s3Objects(third)).keys()));
    expect(await installed('1.0.0', 'after-resume')).toBe(expectedHash);
    // A finished run has nothing left to resume.
    const again = await run({ kind: 'apply', resume: resumed.id });
    expect(failureOf(again)).toEqual({ code: 'migrationResumeNotFailed', params: { run: resumed.id } });
    expect(en.ConfigRun.errors.migrationResumeNotFailed).toContain('{run}');
  }, 400_000);

  it('stops when the new storage stops answering mid-copy, and resumes once it is back', async () => {
    let gateway: SwitchableGateway | null = await startSwitchableGateway(s3Env.endpoint);
    try {
      await save(s3Settings(fifth, gateway.url));
      let down = false;
      const failed = await run({ kind: 'apply', migrate: true }, (update) => {
        if (!down && update.migration?.progress?.phase === 'copy') {
          down = true;
          void gateway!.stop();
        }
      });
      expect(failed.state).toBe('failed');
      expect(failureOf(failed)?.code).toMatch(/^migration(Unreachable|CopyFailed)$/);
      expect(failureOf(failed)?.params?.cause).toMatch(/^(connection|timeout)$/);
      expect(JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).packages.s3_bucket).toBe(fourth);
      await gateway.start();
      const resumed = await run({ kind: 'apply', resume: failed.id });
      expect(resumed.state, JSON.stringify(failureOf(resumed))).toBe('succeeded');
      expect(resumed.migration!.skipped).toBeGreaterThan(0);
      expect(packagesKeys((await s3Objects(fifth)).keys())).toEqual(packagesKeys((await s3Objects(fourth)).keys()));
      expect(await installed('1.0.0', 'after-gateway')).toBe(expectedHash);
      // Back to the gateway itself, so that stopping the relay leaves nothing in force behind it.
      await save(s3Settings(fifth));
      expect((await run({ kind: 'apply' })).state).toBe('succeeded');
    } finally {
      await gateway?.stop().catch(() => undefined);
      gateway = null;
    }
  }, 400_000);
  it('a CLI run killed with kill -9 mid-copy is closed as interrupted, and its resume from the CLI copies only the rest', async () => {
    const sixth = bucketName('move-f');
    await createBucket(owner, sixth);
    buckets.push(sixth);
    await save(s3Settings(sixth));
    const [node, ...entry] = CLI_COMMAND;
    const child = spawn(node!, [...entry, 'config', 'apply', '--migrate', '--json'], { cwd: ROOT, env: { ...process.env, CONSOLE_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let runId = '';
    const killed = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const copying = stdout.split('\n').find((line) => line.includes('"type":"update"') && /"name":"copy","state":"running"/.test(line) && line.includes('"objects_done"'));
        if (!runId && copying) {
          runId = (JSON.parse(copying) as { run_id: string }).run_id;
          child.kill('SIGKILL');
        }
      });
      child.on('close', () => resolve());
    });
    await killed;
    expect(runId).toMatch(/^[0-9a-f]{16}$/);
    const partly = (await s3Objects(sixth)).size;
    expect(partly).toBeLessThan(packagesKeys((await s3Objects(fifth)).keys()).length);
    // Still the old storage in force, serving.
    expect(JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).packages.s3_bucket).toBe(fifth);
    expect(await installed('1.0.0', 'after-kill')).toBe(expectedHash);

    const resumed = await runCli(['config', 'apply', '--resume', runId, '--json'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as { type: string; state: string; migration: { copied: number; skipped: number } };
    expect(result).toMatchObject({ type: 'result', state: 'succeeded' });
    expect(result.migration.skipped).toBeGreaterThan(0);
    const killedRun = await call('GET', `/config/runs/${runId}`);
    const phases = killedRun.json.phases as { name: string; error: { code: string } | null }[];
    expect(phases.find((phase) => phase.name === 'copy')?.error?.code).toBe('interrupted');
    expect(packagesKeys((await s3Objects(sixth)).keys())).toEqual(packagesKeys((await s3Objects(fifth)).keys()));
    expect(await installed('1.0.0', 'after-kill-resume')).toBe(expectedHash);
    expect((await cacheArtifact()).equals(artifact)).toBe(true);
  }, 400_000);
  it('restores the first version with its storage, moving the packages back there from the CLI', async () => {
    const restored = await runCli(['config', 'restore', '1', '--confirm-storage-change', '--migrate', '--json'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(restored.code, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout.trim().split('\n').at(-1)!) as { type: string; state: string; migration: { from: string; to: string } };
    expect(result).toMatchObject({ type: 'result', state: 'succeeded' });
    expect(result.migration.to).toContain(first);
    expect(JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).packages.s3_bucket).toBe(first);
    const inForceBefore = packagesKeys((await s3Objects(buckets.at(-1)!)).keys());
    expect(packagesKeys((await s3Objects(first)).keys())).toEqual(expect.arrayContaining(inForceBefore));
    expect(await installed('1.0.2', 'after-restore')).toBe(expectedHash);
  }, 400_000);
  it('wrote no credential in the logs of the console and of its services during the moves', async () => {
    const logs = [server.output()];
    for (const id of ['npm', 'build-cache']) {
      const answer = await call('GET', `/packages/services/${id}/logs?lines=1000`);
      logs.push(JSON.stringify(answer.json));
    }
    expect(logs.join('').length).toBeGreaterThan(1000);
    for (const secret of [azureEnv.accountKey, probe().secretKey, cacheToken]) for (const log of logs) expect(log).not.toContain(secret);
  });
});
