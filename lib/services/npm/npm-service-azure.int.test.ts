import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, ownerService, removeContainer, sasConnectionString } from '@/lib/testing/azurite';
import type { PackagesSettings } from '@/lib/settings/types';
import { azureSettings, commandLineOf, environmentOf, inputFor, runNpm, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { ensureVerdaccio } from '@/lib/testing/verdaccio';
import { npmLogin } from './client';
import { AZURE_CONNECTION_ENV, CANARY_SCOPE, KEY_PREFIX } from './config';
import { NPM_SERVICE } from './service';

// Verdaccio with the project's Azure Blob Storage plugin (built by scripts/services.sh install) on
// Azurite, behind its front: the stock npm client publishes and installs, the blobs are in the
// container under packages-services/npm/, the canary leaves nothing, no secret leaks.

const container = containerName('npm-svc');
const settings = () => azureSettings(container);
let ecosystem: TestEcosystem;
let work: string;
let token: string;
const name = `svc-azure-${randomBytes(4).toString('hex')}`;
const payload = randomBytes(48 * 1024).toString('base64');

async function blobNames(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix })) names.push(blob.name);
  return names.sort();
}

beforeAll(async () => {
  await ensureVerdaccio();
  await createContainer(container);
  work = await tempDir('npm-azure-client');
  ecosystem = await startEcosystem(NPM_SERVICE, inputFor(settings()));
  const { username, password } = ecosystem.runner.current!.rendered.client;
  token = await npmLogin(ecosystem.frontUrl, username!, password!, 10_000);
}, 180_000);

afterAll(async () => {
  await ecosystem?.close();
  await removeContainer(container);
});

describe('npm service on Azure Blob Storage (Azurite)', () => {
  it('publishes with the stock npm client through the front; the tarball is in the container and installs back', async () => {
    const dir = path.join(work, 'pkg');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'data.txt' }));
    await fs.writeFile(path.join(dir, 'data.txt'), payload);
    const published = await runNpm(['publish'], { cwd: dir, home: work, registry: ecosystem.frontUrl, token });
    expect(published.code, published.stderr).toBe(0);
    expect(await blobNames(`${KEY_PREFIX}${name}/`)).toEqual([`${KEY_PREFIX}${name}/package.json`, `${KEY_PREFIX}${name}/${name}-1.0.0.tgz`]);
    expect(await blobNames(KEY_PREFIX)).toContain(`${KEY_PREFIX}verdaccio-s3-db.json`);
    const consumer = path.join(work, 'consumer');
    await fs.mkdir(consumer, { recursive: true });
    const installed = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home: work, registry: ecosystem.frontUrl });
    expect(installed.code, installed.stderr).toBe(0);
    expect(await fs.readFile(path.join(consumer, 'node_modules', name, 'data.txt'), 'utf8')).toBe(payload);
  });

  it('proves the container with a canary that leaves nothing behind', async () => {
    const current = ecosystem.runner.current!;
    const result = await NPM_SERVICE.canary(inputFor(settings()), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.storedKeys.some((key) => key.endsWith('.tgz'))).toBe(true);
    expect(result.leftovers).toEqual([]);
    expect(await blobNames(`${KEY_PREFIX}${CANARY_SCOPE}/`)).toEqual([]);
  });

  it('keeps the connection string in the child environment only: not in the argv, a file or the log', async () => {
    const current = ecosystem.runner.current!;
    const pid = current.child.pid!;
    const argv = await commandLineOf(pid);
    const environment = await environmentOf(pid);
    expect(environment[AZURE_CONNECTION_ENV]).toContain(azureEnv.accountKey);
    const log = await fs.readFile(ecosystem.runner.logFile, 'utf8');
    expect(log).toContain('azure-blob-storage: container');
    for (const file of await fs.readdir(current.instanceDir, { withFileTypes: true })) {
      if (!file.isFile()) continue;
      const target = path.join(current.instanceDir, file.name);
      expect((await fs.stat(target)).mode & 0o777).toBe(0o600);
      expect(await fs.readFile(target, 'utf8')).not.toContain(azureEnv.accountKey);
    }
    for (const secret of [azureEnv.accountKey, current.rendered.client.password!, token]) {
      expect(argv).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  });

  it('runs on a container SAS as well: the switched instance serves what the first stored and passes its canary', async () => {
    const sas = sasConnectionString(container, 'racwdl', new Date(Date.now() + 60 * 60_000));
    const sasSettings = { ...settings(), azureConnectionString: sas } as PackagesSettings;
    await ecosystem.runner.apply(inputFor(sasSettings));
    const current = ecosystem.runner.current!;
    const consumer = path.join(work, 'consumer-sas');
    await fs.mkdir(consumer, { recursive: true });
    const installed = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home: work, registry: ecosystem.frontUrl });
    expect(installed.code, installed.stderr).toBe(0);
    const result = await NPM_SERVICE.canary(inputFor(sasSettings), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.leftovers).toEqual([]);
    const signature = new URLSearchParams(sas.split('SharedAccessSignature=')[1]).get('sig')!;
    expect(current.rendered.secrets).toContain(sas.split('SharedAccessSignature=')[1]);
    expect(await fs.readFile(ecosystem.runner.logFile, 'utf8')).not.toContain(signature);
  });
});
