import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackagesSettings } from '@/lib/settings/types';
import { containerName, createContainer, keyConnectionString, removeContainer } from '@/lib/testing/azurite';
import { freePort } from '@/lib/testing/console-server';
import { npmClient } from '@/lib/testing/npm-client';
import { azureSettings, inputFor, runNpm, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { ensureVerdaccio, startVerdaccio, type VerdaccioRun } from '@/lib/testing/verdaccio';
import { NPM_SERVICE } from './service';
import { UPSTREAMING_SETTING } from './upstream';

// npm upstreaming to an https:// upstream whose certificate a private CA signed: the CA of the console's
// settings (app.packages.ca-certificates) is what lets the service fetch from it.

const upstreamContainer = containerName('npm-up-tls');
const localContainer = containerName('npm-local-tls');
const tag = randomBytes(4).toString('hex');
const packages = { trusted: `up-tls-trusted-${tag}`, untrusted: `up-tls-untrusted-${tag}` };
const upstreaming = { npm: 'enabled', [UPSTREAMING_SETTING]: 'enabled' };
let certs: TestCerts;
let upstream: VerdaccioRun;
let relay: TlsRelay;
let ecosystem: TestEcosystem;
let work: string;

const settings = (caCertificates: string) => ({ ...azureSettings(localContainer), caCertificates }) as PackagesSettings;
const input = (caCertificates: string) => inputFor(settings(caCertificates), 'enabled', upstreaming, { npm: `${relay.url}/` });

async function install(name: string, label: string) {
  const consumer = path.join(work, `consumer-${label}`);
  const home = path.join(work, `home-${label}`);
  await fs.mkdir(consumer, { recursive: true });
  await fs.mkdir(home, { recursive: true });
  const result = await runNpm(['install', `${name}@1.0.0`], { cwd: consumer, home, registry: ecosystem.frontUrl });
  return { ...result, module: path.join(consumer, 'node_modules', name, 'index.js') };
}

beforeAll(async () => {
  await ensureVerdaccio();
  certs = makeTestCerts();
  await Promise.all([createContainer(upstreamContainer), createContainer(localContainer)]);
  work = await tempDir('npm-upstream-tls');
  // The upstream names its TLS address in the tarball URLs it serves: the relay's port is chosen first.
  const relayPort = await freePort();
  const run = await startVerdaccio({
    dir: path.join(work, 'upstream'),
    pluginsDir: path.resolve('scripts/services/node_modules'),
    store: { container: upstreamContainer, keyPrefix: 'upstream/', connectionStringEnv: 'UPSTREAM_CONNECTION_STRING', timeoutMs: 10_000 },
    env: { UPSTREAM_CONNECTION_STRING: keyConnectionString(), VERDACCIO_PUBLIC_URL: `https://127.0.0.1:${relayPort}/` },
    access: '$all',
  });
  if (run.exitCode !== null) throw new Error(`upstream Verdaccio exited (${run.exitCode}):\n${run.log().slice(-2000)}`);
  upstream = run;
  relay = await startTlsRelay(upstream.url, certs.pem('valid'), certs.key('valid'), relayPort);
  const clientDir = path.join(work, 'upstream-client');
  await fs.mkdir(clientDir, { recursive: true });
  const publisher = npmClient(clientDir, upstream.url);
  const login = await publisher.adduser('upstream-owner', 'Upstream-pass-1', 'owner@example.com');
  expect(login.code, login.stdout + login.stderr).toBe(0);
  for (const name of Object.values(packages)) {
    const dir = path.join(work, `pkg-${name}`);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
    await fs.writeFile(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(name)};\n`);
    const published = await publisher.run(['publish'], dir);
    expect(published.code, published.stderr).toBe(0);
  }
  ecosystem = await startEcosystem(NPM_SERVICE, input(certs.pem('ca')));
}, 240_000);

afterAll(async () => {
  await ecosystem?.close();
  await relay?.close();
  await upstream?.stop();
  await Promise.all([removeContainer(upstreamContainer), removeContainer(localContainer)]);
});

describe('npm upstreaming over TLS signed by a private CA', () => {
  it('installs from the https:// upstream when the settings trust its CA', async () => {
    const installed = await install(packages.trusted, 'trusted');
    expect(installed.code, installed.stderr).toBe(0);
    expect(await fs.readFile(installed.module, 'utf8')).toBe(`module.exports = ${JSON.stringify(packages.trusted)};\n`);
  });

  it('cannot fetch from it without that CA, and logs why', async () => {
    await ecosystem.runner.apply(input(''));
    const refused = await install(packages.untrusted, 'untrusted');
    expect(refused.code).not.toBe(0);
    expect(await fs.readFile(ecosystem.runner.logFile, 'utf8')).toMatch(/self[- ]signed certificate|unable to (get|verify)/i);
  });
});
