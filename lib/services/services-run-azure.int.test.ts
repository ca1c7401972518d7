import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesStatusFile } from '@/lib/services/status';
import { azureEnv, containerName, createContainer, keyConnectionString, ownerService, removeContainer } from '@/lib/testing/azurite';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { finishedRun, manageSession } from '@/lib/testing/manage-session';
import { npmClient, type NpmClient } from '@/lib/testing/npm-client';
import { startRunConsole } from '@/lib/testing/run-console';
import en from '@/messages/en.json';

// A full configuration run through the console on Azure Blob Storage (Azurite), as services-run.int.test.ts
// does on Ceph: a real `next start` whose supervisor runs Verdaccio (the project's Azure plugin) and the
// Turborepo remote cache on the container. Enabled, proven by their canaries (which leave nothing), used
// with the stock npm client and a stock HTTP client, the objects found in the container; Read-Only refuses
// writes and still serves reads; disabled, their processes are gone.

const container = containerName('svc-run');
const pkg = `azure-run-${randomBytes(4).toString('hex')}`;
const payload = randomBytes(32 * 1024).toString('base64');
const artifact = randomBytes(64 * 1024);
const artifactId = randomBytes(16).toString('hex');
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';
let work = '';
let npm: NpmClient;

async function status(): Promise<ServicesStatusFile> {
  return JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
}
const record = async (id: string) => (await status()).ecosystems.find((ecosystem) => ecosystem.id === id)!;

async function blobNames(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix })) names.push(blob.name);
  return names.sort();
}

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

/** `name@version` in a folder of its own, published by the logged-in stock npm client. */
async function publish(version: string, name = pkg) {
  const dir = path.join(work, `pkg-${name.replace(/[@/]/g, '_')}-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'data.txt' }));
  await writeFile(path.join(dir, 'data.txt'), payload);
  return npm.run(['publish'], dir);
}

/** Installs `pkg@1.0.0` into a fresh folder with the stock npm client: what it installed. */
async function installedPayload(label: string): Promise<string> {
  const dir = path.join(work, `consumer-${label}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{"name":"consumer","version":"0.0.0","private":true}\n');
  const installed = await npm.run(['install', `${pkg}@1.0.0`, '--ignore-scripts'], dir);
  expect(installed.code, installed.stderr).toBe(0);
  return readFile(path.join(dir, 'node_modules', pkg, 'data.txt'), 'utf8');
}

/** Whether a process with this PID exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const upload = (bearer: string, body: BodyInit) => ({ method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${bearer}` }, body });

beforeAll(async () => {
  await createContainer(container);
  dataDir = await tempDataDir('services-run-azure');
  work = await mkdtemp(path.join(os.tmpdir(), 'services-run-azure-npm-'));
  server = await startRunConsole(dataDir);
  call = await manageSession(server.url);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeContainer(container).catch(() => undefined);
});

describe('packages services in configuration runs on Azure Blob Storage (Azurite)', () => {
  let cacheToken = '';

  it('enables npm and the build cache: both start, pass their canaries, which leave nothing in the container, and serve on their fronts', async () => {
    const run = await saveAndApply({
      enabled: true,
      blob_storage_type: 'azure',
      azure_container_name: container,
      azure_connection_string: keyConnectionString(),
      ecosystems: { npm: 'enabled', 'build-cache': 'enabled' },
    });
    expect(run).toMatchObject({ successful: true });
    const bodies = await events(run.id as string);
    for (const name of [en.Ecosystems.npm.name, en.Ecosystems['build-cache'].name]) {
      expect(bodies.some((body) => body.startsWith(`${name}: the canary went through the new instance`))).toBe(true);
      expect(bodies).toContain(en.ConfigRun.events.serviceSwitched.replace('{service}', name).replace('{mode}', en.Ecosystems.modes.enabled));
    }
    const npmRecord = await record('npm');
    expect(npmRecord).toMatchObject({ mode: 'enabled', state: 'running', restarts: 0, lastCanary: { runId: run.id, ok: true } });
    expect(npmRecord.storage).toContain(container);
    // The canary published in its own scope, the run in its version, and is gone again (database included).
    expect(npmRecord.lastCanary!.storedKeys).toContainEqual(expect.stringMatching(new RegExp(`^packages-services/npm/@console-canary/canary-[0-9a-f]{12}/canary-[0-9a-f]{12}-0\\.0\\.0-canary-${String(run.id)}\\.tgz$`)));
    expect(await blobNames('packages-services/npm/@console-canary/')).toEqual([]);
    expect(await blobNames('packages-console-canary/')).toEqual([]);
    expect(await blobNames('packages-services/npm/')).toEqual(['packages-services/npm/verdaccio-s3-db.json']);
    const cache = await record('build-cache');
    expect(cache).toMatchObject({ mode: 'enabled', state: 'running', lastCanary: { runId: run.id, ok: true } });
    expect((await fetch(`${npmRecord.publicUrl}/-/ping`)).status).toBe(200);
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.ecosystems).toEqual({ 'container-registry': 'disabled', 'container-registry-anonymous-pulls': 'disabled', npm: 'enabled', 'npm-upstreaming': 'disabled', 'build-cache': 'enabled', 'build-cache-anonymous-reads': 'disabled' });
    expect(JSON.stringify(applied)).not.toContain(azureEnv.accountKey);
  }, 180_000);

  it('publishes with the stock npm client and stores an artifact with a stock HTTP client, both found in the container', async () => {
    const account = await call('POST', '/packages/services/npm/credentials', { body: { name: 'ci-bot' } });
    expect(account.status).toBe(201);
    npm = npmClient(work, (await record('npm')).publicUrl);
    const login = await npm.login('ci-bot', account.json.secret as string);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    const published = await publish('1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(await blobNames(`packages-services/npm/${pkg}/`)).toEqual([`packages-services/npm/${pkg}/${pkg}-1.0.0.tgz`, `packages-services/npm/${pkg}/package.json`]);
    expect(await installedPayload('enabled')).toBe(payload);
    // The canary's scope is the console's alone.
    const forged = await publish('1.0.0', '@console-canary/x');
    expect(forged.code).not.toBe(0);
    expect(forged.stderr).toContain('E403');
    expect(await blobNames('packages-services/npm/@console-canary/')).toEqual([]);

    const token = await call('POST', '/packages/services/build-cache/credentials', { body: { name: 'ci' } });
    expect(token.status).toBe(201);
    cacheToken = token.json.secret as string;
    const url = `${(await record('build-cache')).publicUrl}/v8/artifacts/${artifactId}?slug=team-az`;
    expect((await fetch(url, upload(cacheToken, artifact))).status).toBe(200);
    const stored = await ownerService().getContainerClient(container).getBlobClient(`team-az/${artifactId}`).downloadToBuffer();
    expect(stored.equals(artifact)).toBe(true);
    const read = await fetch(url, { headers: { authorization: `Bearer ${cacheToken}` } });
    expect(Buffer.from(await read.arrayBuffer()).equals(artifact)).toBe(true);
  }, 240_000);

  it('in Read-Only refuses a publish and an upload, and still serves installs and downloads', async () => {
    const run = await saveAndApply({ ecosystems: { npm: 'read-only', 'build-cache': 'read-only' } });
    expect(run).toMatchObject({ successful: true });
    expect(await record('npm')).toMatchObject({ mode: 'read-only', state: 'read-only' });
    expect(await record('build-cache')).toMatchObject({ mode: 'read-only', state: 'read-only' });
    const refused = await publish('1.0.1');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/403|read-only/);
    expect(await blobNames(`packages-services/npm/${pkg}/`)).not.toContain(`packages-services/npm/${pkg}/${pkg}-1.0.1.tgz`);
    expect(await installedPayload('read-only')).toBe(payload);

    const cacheUrl = (await record('build-cache')).publicUrl;
    const other = randomBytes(16).toString('hex');
    const rejected = await fetch(`${cacheUrl}/v8/artifacts/${other}?slug=team-az`, upload(cacheToken, 'late'));
    expect(rejected.status).toBe(403);
    expect(((await rejected.json()) as { error: string }).error).toMatch(/read-only/);
    expect(await blobNames(`team-az/${other}`)).toEqual([]);
    const read = await fetch(`${cacheUrl}/v8/artifacts/${artifactId}?slug=team-az`, { headers: { authorization: `Bearer ${cacheToken}` } });
    expect(Buffer.from(await read.arrayBuffer()).equals(artifact)).toBe(true);
  }, 240_000);

  it('disables both: their processes are gone, their fronts answer 503, and the container keeps what they stored', async () => {
    const pids = [(await record('npm')).pid!, (await record('build-cache')).pid!];
    expect(pids.every((pid) => pid > 0)).toBe(true);
    const run = await saveAndApply({ ecosystems: { npm: 'disabled', 'build-cache': 'disabled' } });
    expect(run).toMatchObject({ successful: true });
    for (const id of ['npm', 'build-cache']) expect(await record(id)).toMatchObject({ mode: 'disabled', state: 'stopped', pid: null });
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect((await fetch(`${(await record('npm')).publicUrl}/${pkg}`)).status).toBe(503);
    expect((await fetch(`${(await record('build-cache')).publicUrl}/v8/artifacts/${artifactId}`)).status).toBe(503);
    expect(await blobNames(`packages-services/npm/${pkg}/`)).toContain(`packages-services/npm/${pkg}/${pkg}-1.0.0.tgz`);
    expect(await blobNames(`team-az/${artifactId}`)).toEqual([`team-az/${artifactId}`]);
  }, 180_000);
});
