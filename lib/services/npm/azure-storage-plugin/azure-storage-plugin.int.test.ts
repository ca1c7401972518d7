import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, keyConnectionString, ownerService, removeContainer } from '@/lib/testing/azurite';
import { npmClient, type NpmClient } from '@/lib/testing/npm-client';
import { startVerdaccio, type VerdaccioRun, type VerdaccioSetup } from '@/lib/testing/verdaccio';
import { buildAzureStoragePlugin } from './build';

// Real Verdaccio 6.8 with the plugin on an Azurite container, driven by the stock npm client.

const PACKAGE = '@itest/azure-demo';
const PREFIX = 'npm/';
const FOLDER = `${PREFIX}${PACKAGE}/`;
const CONNECTION_VAR = 'NPM_AZURE_CONNECTION_STRING';

let work: string;
let container: string;
let pluginsDir: string;
let verdaccio: VerdaccioRun | null = null;
let npm: NpmClient;

function setup(overrides: Partial<VerdaccioSetup['store']> = {}, connectionString = keyConnectionString()): VerdaccioSetup {
  return {
    dir: path.join(work, 'verdaccio'),
    pluginsDir,
    store: { container, keyPrefix: PREFIX, connectionStringEnv: CONNECTION_VAR, timeoutMs: 10_000, maxTries: 2, ...overrides },
    env: { [CONNECTION_VAR]: connectionString },
  };
}

async function start(value: VerdaccioSetup): Promise<VerdaccioRun> {
  const run = await startVerdaccio(value);
  if (run.exitCode !== null) throw new Error(`Verdaccio exited (${run.exitCode}):\n${run.log().slice(-2000)}`);
  verdaccio = run;
  return run;
}

async function blobNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ includeUncommitedBlobs: true })) names.push(blob.name);
  return names.sort();
}

async function blobBytes(name: string): Promise<Buffer> {
  return ownerService().getContainerClient(container).getBlockBlobClient(name).downloadToBuffer();
}

/** Who Verdaccio takes the bearer of `token` for (undefined: nobody, the token does not verify). */
async function whoami(url: string, token: string): Promise<string | undefined> {
  const response = await fetch(`${url}-/whoami`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { username?: string };
  return response.ok ? (body.username ?? undefined) : undefined;
}

async function writePackage(version: string): Promise<{ dir: string; tarball: Buffer }> {
  const dir = path.join(work, `pkg-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: PACKAGE, version, main: 'index.js' }));
  await writeFile(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(`azure ${version}`)};\n`);
  // npm pack is deterministic (fixed mtimes): the bytes publish sends. Packed outside the package, or it would ship itself.
  const destination = path.join(work, `packed-${version}`);
  await mkdir(destination);
  const packed = await npm.run(['pack', '--pack-destination', destination], dir);
  expect(packed.code, packed.stderr).toBe(0);
  const file = (await readdir(destination)).find((name) => name.endsWith('.tgz'))!;
  return { dir, tarball: await readFile(path.join(destination, file)) };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'verdaccio-azure-'));
  container = containerName('npm');
  await createContainer(container);
  pluginsDir = path.join(work, 'plugins');
  await buildAzureStoragePlugin(pluginsDir);
  const run = await start(setup());
  npm = npmClient(work, run.url);
}, 300_000);

afterAll(async () => {
  await verdaccio?.stop();
  await removeContainer(container);
  await rm(work, { recursive: true, force: true });
});

describe('Verdaccio 6.8 on Azure Blob Storage (Azurite)', () => {
  it('logs in, publishes, shows and installs a package whose blobs are where the layout says', async () => {
    const login = await npm.adduser('alice', 'Az-test-pass-1', 'alice@example.com');
    expect(login.code, login.stdout + login.stderr).toBe(0);

    const first = await writePackage('1.0.0');
    const published = await npm.run(['publish'], first.dir);
    expect(published.code, published.stderr).toBe(0);
    expect(await blobNames()).toEqual([`${FOLDER}azure-demo-1.0.0.tgz`, `${FOLDER}package.json`, `${PREFIX}verdaccio-s3-db.json`]);
    expect((await blobBytes(`${FOLDER}azure-demo-1.0.0.tgz`)).equals(first.tarball)).toBe(true);
    const db = JSON.parse((await blobBytes(`${PREFIX}verdaccio-s3-db.json`)).toString());
    expect(db.list).toEqual([PACKAGE]);
    expect(db.secret).toMatch(/^.{32,}$/);

    const view = await npm.run(['view', PACKAGE, '--json'], work);
    expect(view.code, view.stderr).toBe(0);
    const manifest = JSON.parse(view.stdout);
    expect(manifest.version).toBe('1.0.0');

    const token = (await readFile(npm.userconfig, 'utf8')).match(/_authToken=(.+)/)![1]!.trim();
    const fetched = await fetch(manifest.dist.tarball, { headers: { authorization: `Bearer ${token}` } });
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(first.tarball)).toBe(true);

    const app = path.join(work, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const installed = await npm.run(['install', PACKAGE], app);
    expect(installed.code, installed.stderr).toBe(0);
    expect(await readFile(path.join(app, 'node_modules', PACKAGE, 'index.js'), 'utf8')).toBe('module.exports = "azure 1.0.0";\n');

    // The same version again: Verdaccio refuses, the stored tarball is untouched.
    const again = await npm.run(['publish'], first.dir);
    expect(again.code).not.toBe(0);
    expect((await blobBytes(`${FOLDER}azure-demo-1.0.0.tgz`)).equals(first.tarball)).toBe(true);
  });

  it('publishes a second version and unpublishes the first', async () => {
    const second = await writePackage('1.0.1');
    expect((await npm.run(['publish'], second.dir)).code).toBe(0);
    const removed = await npm.run(['unpublish', `${PACKAGE}@1.0.0`], work);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await blobNames()).toEqual([`${FOLDER}azure-demo-1.0.1.tgz`, `${FOLDER}package.json`, `${PREFIX}verdaccio-s3-db.json`]);
    const stored = JSON.parse((await blobBytes(`${FOLDER}package.json`)).toString());
    expect(Object.keys(stored.versions)).toEqual(['1.0.1']);
    expect((await blobBytes(`${FOLDER}azure-demo-1.0.1.tgz`)).equals(second.tarball)).toBe(true);
  });

  it('keeps the token secret in the container: a restarted Verdaccio accepts the earlier token, one on a fresh prefix does not', async () => {
    await verdaccio!.stop();
    const restarted = await start(setup());
    npm = npmClient(work, restarted.url);
    // The registry URL changed with the port: carry the token over to it.
    const token = (await readFile(npm.userconfig, 'utf8')).match(/_authToken=(.+)/)![1]!.trim();
    await writeFile(npm.userconfig, `${new URL(restarted.url).href.replace(/^http:/, '')}:_authToken=${token}\n`, { mode: 0o600 });
    expect((await npm.run(['whoami'], work)).stdout.trim()).toBe('alice');
    expect(await whoami(restarted.url, token)).toBe('alice');

    await restarted.stop();
    const fresh = await start(setup({ keyPrefix: 'other/' }));
    expect(await whoami(fresh.url, token)).toBeUndefined();
    await fresh.stop();

    // A container written before the database took the S3 plugin's name: its secret is still found.
    const db = await blobBytes(`${PREFIX}verdaccio-s3-db.json`);
    await ownerService().getContainerClient(container).getBlockBlobClient('legacy/verdaccio-azure-db.json').uploadData(db);
    const legacy = await start(setup({ keyPrefix: 'legacy/' }));
    expect(await whoami(legacy.url, token)).toBe('alice');
    await legacy.stop();
  });

  it('stops with a clear, secret-free error on a missing container or a wrong key', async () => {
    const missing = setup({ container: containerName('absent') });
    missing.dir = path.join(work, 'missing');
    const wrongKey = setup({}, keyConnectionString(azureEnv.otherAccountKey));
    wrongKey.dir = path.join(work, 'wrong-key');
    const [absent, refused] = await Promise.all([startVerdaccio(missing), startVerdaccio(wrongKey)]);
    expect(absent.exitCode).not.toBeNull();
    expect(refused.exitCode).not.toBeNull();
    expect(absent.log()).toContain('azure-blob-storage: reading the package list failed: the container does not exist (ContainerNotFound, HTTP 404)');
    expect(refused.log()).toMatch(/azure-blob-storage: reading the package list failed: the storage refused the credentials or their permissions \(\w+, HTTP 403\)/);
    for (const log of [absent.log(), refused.log()]) {
      expect(log).not.toContain(azureEnv.accountKey);
      expect(log).not.toContain(azureEnv.otherAccountKey);
    }
  });
});
