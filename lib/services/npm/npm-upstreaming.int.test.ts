import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { serviceInput } from '@/lib/services/input';
import { azureEnv, containerName, createContainer, keyConnectionString, ownerService, removeContainer } from '@/lib/testing/azurite';
import { npmClient } from '@/lib/testing/npm-client';
import { azureSettings, inputFor, runNpm, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { ensureVerdaccio, startVerdaccio, type VerdaccioRun } from '@/lib/testing/verdaccio';
import { npmLogin } from './client';
import { KEY_PREFIX } from './config';
import { NPM_SERVICE } from './service';
import { UPSTREAMING_SETTING } from './upstream';

// npm upstreaming against a second local Verdaccio standing in for the public registry (never the real
// one): packages published only upstream install through the console's npm service while upstreaming
// is enabled and are not found once it is disabled; publishing still writes to the console's storage.

const upstreamContainer = containerName('npm-up');
const localContainer = containerName('npm-local');
const tag = randomBytes(4).toString('hex');
const onlyUpstream = { plain: `up-only-${tag}`, scoped: `@upstream/up-scoped-${tag}`, later: `up-later-${tag}`, proxied: `up-proxied-${tag}`, bypassed: `up-bypassed-${tag}` };
const local = `local-only-${tag}`;
const enabledSettings = { npm: 'enabled', [UPSTREAMING_SETTING]: 'enabled' };
let upstream: VerdaccioRun;
let ecosystem: TestEcosystem;
let work: string;
let token: string;
let proxy: TestProxy | undefined;

const input = (settings: Record<string, string>) => inputFor(azureSettings(localContainer), 'enabled', settings, { npm: upstream.url });

async function writePackage(name: string, version: string): Promise<string> {
  const dir = path.join(work, `pkg-${name.replace('/', '+')}-${version}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  await fs.writeFile(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
  return dir;
}

async function blobNames(container: string, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of ownerService().getContainerClient(container).listBlobsFlat({ prefix })) names.push(blob.name);
  return names.sort();
}

/** Each npm run with its own HOME and cache: nothing installed earlier is served from npm's cache. */
async function home(label: string): Promise<string> {
  const dir = path.join(work, `home-${label}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

async function install(name: string, label: string) {
  const consumer = path.join(work, `consumer-${label}`);
  await fs.mkdir(consumer, { recursive: true });
  const result = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home: await home(label), registry: ecosystem.frontUrl });
  return { ...result, module: path.join(consumer, 'node_modules', name, 'index.js') };
}

beforeAll(async () => {
  await ensureVerdaccio();
  await Promise.all([createContainer(upstreamContainer), createContainer(localContainer)]);
  work = await tempDir('npm-upstreaming');
  const run = await startVerdaccio({
    dir: path.join(work, 'upstream'),
    pluginsDir: path.resolve('scripts/services/node_modules'),
    store: { container: upstreamContainer, keyPrefix: 'upstream/', connectionStringEnv: 'UPSTREAM_CONNECTION_STRING', timeoutMs: 10_000 },
    env: { UPSTREAM_CONNECTION_STRING: keyConnectionString() },
    access: '$all',
  });
  if (run.exitCode !== null) throw new Error(`upstream Verdaccio exited (${run.exitCode}):\n${run.log().slice(-2000)}`);
  upstream = run;
  const publisher = npmClient(path.join(work, 'upstream-client'), upstream.url);
  await fs.mkdir(path.join(work, 'upstream-client'), { recursive: true });
  const login = await publisher.adduser('upstream-owner', 'Upstream-pass-1', 'owner@example.com');
  expect(login.code, login.stdout + login.stderr).toBe(0);
  for (const name of Object.values(onlyUpstream)) {
    const published = await publisher.run(['publish'], await writePackage(name, '1.0.0'));
    expect(published.code, published.stderr).toBe(0);
  }
  ecosystem = await startEcosystem(NPM_SERVICE, input(enabledSettings));
  const { username, password } = ecosystem.runner.current!.rendered.client;
  token = await npmLogin(ecosystem.frontUrl, username!, password!, 10_000);
}, 240_000);

afterAll(async () => {
  await ecosystem?.close();
  await upstream?.stop();
  proxy?.stop();
  await Promise.all([removeContainer(upstreamContainer), removeContainer(localContainer)]);
});

describe('npm upstreaming (a local Verdaccio as the upstream)', () => {
  it('serves packages the console does not hold, plain and scoped, from the upstream', async () => {
    expect(await blobNames(localContainer, `${KEY_PREFIX}${onlyUpstream.plain}/`)).toEqual([]);
    for (const [label, name] of [['plain', onlyUpstream.plain], ['scoped', onlyUpstream.scoped]] as const) {
      const installed = await install(name, label);
      expect(installed.code, installed.stderr).toBe(0);
      expect(await fs.readFile(installed.module, 'utf8')).toBe(`module.exports = ${JSON.stringify(`${name}@1.0.0`)};\n`);
    }
  });

  it('still publishes to the console’s storage only', async () => {
    const published = await runNpm(['publish'], { cwd: await writePackage(local, '1.0.0'), home: await home('publish'), registry: ecosystem.frontUrl, token });
    expect(published.code, published.stderr).toBe(0);
    expect(await blobNames(localContainer, `${KEY_PREFIX}${local}/`)).toEqual([`${KEY_PREFIX}${local}/${local}-1.0.0.tgz`, `${KEY_PREFIX}${local}/package.json`].sort());
    expect(await blobNames(upstreamContainer, `upstream/${local}/`)).toEqual([]);
    expect((await fetch(`${upstream.url}${local}`, { signal: AbortSignal.timeout(10_000) })).status).toBe(404);
  });

  it('does not find upstream-only packages once upstreaming is disabled', async () => {
    await ecosystem.runner.apply(input({ npm: 'enabled', [UPSTREAMING_SETTING]: 'disabled' }));
    // The package is there upstream: only the setting keeps it out.
    expect((await fetch(`${upstream.url}${onlyUpstream.later}`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    const refused = await install(onlyUpstream.later, 'disabled');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/E404/);
    const direct = await fetch(`${ecosystem.frontUrl}/${onlyUpstream.later}`, { signal: AbortSignal.timeout(10_000) });
    expect(direct.status).toBe(404);
  });

  it('goes to the upstream through the console’s proxy, with its credentials, unless NO_PROXY names the upstream', async () => {
    proxy = startTestProxy('npm-upstream', { auth: 'npm-proxy-user:proxy-secret-npm' });
    const hostOf = (url: string) => new URL(url).host;
    const proxyUrl = `http://npm-proxy-user:proxy-secret-npm@${proxy.label}`;
    const proxySettings = (noProxy: string) => parseProxySettings({ HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: noProxy });
    const viaProxy = (noProxy: string) =>
      serviceInput(azureSettings(localContainer), 'enabled', { checkTimeoutMs: 10_000, proxy: proxySettings(noProxy), serviceUpstreamUrls: { npm: upstream.url } }, enabledSettings);
    // The storage stays direct here: only the upstream goes through the proxy.
    await ecosystem.runner.apply(viaProxy(hostOf(azureEnv.blobEndpoint)));
    const proxied = await install(onlyUpstream.proxied, 'proxied');
    expect(proxied.code, proxied.stderr).toBe(0);
    const log = () => readFileSync(path.resolve('.tmp/proxy/npm-upstream/access.log'), 'utf8');
    expect(log()).toContain(`${hostOf(upstream.url)}/${onlyUpstream.proxied}`);
    expect(JSON.stringify(ecosystem.runner.current!.rendered.files)).toContain('npm-proxy-user');
    expect(await fs.readFile(ecosystem.runner.logFile, 'utf8')).not.toContain('proxy-secret-npm');
    expect(ecosystem.runner.current!.rendered.secrets).toContain('proxy-secret-npm');
    // Now the upstream is bypassed and the storage goes through the proxy (the Azure plugin's proxy).
    await ecosystem.runner.apply(viaProxy(hostOf(upstream.url)));
    const bypassed = await install(onlyUpstream.bypassed, 'bypassed');
    expect(bypassed.code, bypassed.stderr).toBe(0);
    expect(log()).not.toContain(`${hostOf(upstream.url)}/${onlyUpstream.bypassed}`);
    expect(log()).toContain(`${hostOf(azureEnv.blobEndpoint)}/${azureEnv.account}/${localContainer}/${KEY_PREFIX}${onlyUpstream.bypassed}/`);
  });

  it('with the upstream down, still becomes ready, passes its canary and takes publishes', async () => {
    await upstream.stop();
    await ecosystem.runner.apply(input(enabledSettings));
    const current = ecosystem.runner.current!;
    const result = await NPM_SERVICE.canary(input(enabledSettings), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.leftovers).toEqual([]);
    const published = await runNpm(['publish'], { cwd: await writePackage(local, '1.0.1'), home: await home('publish-offline'), registry: ecosystem.frontUrl, token });
    expect(published.code, published.stderr).toBe(0);
    expect(await blobNames(localContainer, `${KEY_PREFIX}${local}/`)).toContain(`${KEY_PREFIX}${local}/${local}-1.0.1.tgz`);
  });
});
