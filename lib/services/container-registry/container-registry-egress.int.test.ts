import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { environmentOf, s3Settings, tempDir } from '@/lib/testing/services';
import { layoutManifestDigest, makeOciImage, skopeoCopy, writeAuthFile } from '@/lib/testing/skopeo';
import { makeTestCerts } from '@/lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { addCredential } from '../credentials/store';
import { EGRESS_DIR } from '../supervisor/egress';
import { freePort } from '../supervisor/free-port';
import { PID_FILE, recordAlive, type PidRecord } from '../supervisor/pid-record';
import { ServicesSupervisor } from '../supervisor/services-supervisor';
import { REGISTRY_ROOT } from './config';

// The registry (a Go binary, no preload of its own) reaches its storage through the egress proxy the
// supervisor runs beside it with the reserved-address preload. The test-only DNS table, read in that
// proxy only, maps one storage name to a metadata address: the new instance fails at stage, naming the
// host and the address; and another name to the Ceph gateway's loopback address: the registry serves
// pushes and pulls through the proxy (Go cannot resolve that name itself, so nothing reached the
// storage directly); over https:// (a TLS relay whose certificate names storage.wrong.example) through
// a CONNECT tunnel. The proxy has its PID record in the instance and stops with it.

const LOOKUP = 'metadata-alias.egress.test=169.254.169.254,storage.egress.test=127.0.0.1,storage.wrong.example=127.0.0.1';
const owner = ownerClient();
const bucket = bucketName('creg-egress');
let dir: string;
let env: ConsoleEnv;
let supervisor: ServicesSupervisor;
let frontHost: string;
let authFile: string;
let previousLookup: string | undefined;
let shutDown = false;
let relay: TlsRelay | undefined;

/** The gateway's URL (or `base`) with its host replaced by `host` (same port). */
function endpointAt(host: string, base = s3Env.endpoint): string {
  const url = new URL(base);
  url.hostname = host;
  return url.toString().replace(/\/$/, '');
}

const settings = (host: string) => ({ ...s3Settings(bucket), serviceUrl: endpointAt(host), containerRegistryMode: 'enabled' });

beforeAll(async () => {
  // What the supervisor passes to its children (child-env.ts): only the preload reads it.
  previousLookup = process.env.PACKAGES_CONSOLE_TEST_LOOKUP;
  process.env.PACKAGES_CONSOLE_TEST_LOOKUP = LOOKUP;
  await createBucket(owner, bucket);
  dir = await tempDir('creg-egress');
  const ports = { npm: await freePort(), 'build-cache': await freePort(), 'container-registry': await freePort() };
  env = { ...readConsoleEnv(), dataDir: path.join(dir, 'data'), encryptionKey: null, services: { host: '127.0.0.1', ports, readyTimeoutMs: 30_000, modulesDir: path.resolve('scripts/services/node_modules') } };
  frontHost = `127.0.0.1:${ports['container-registry']}`;
  const { secret } = await addCredential(env, 'container-registry', 'ci-bot');
  authFile = await writeAuthFile(path.join(dir, 'auth.json'), frontHost, 'ci-bot', secret);
  supervisor = await ServicesSupervisor.start(env, { graceMs: 3000, loadSettings: async () => settings('storage.egress.test') });
}, 60_000);

afterAll(async () => {
  if (!shutDown) await supervisor?.shutdown();
  await relay?.close();
  if (previousLookup === undefined) delete process.env.PACKAGES_CONSOLE_TEST_LOOKUP;
  else process.env.PACKAGES_CONSOLE_TEST_LOOKUP = previousLookup;
  await removeBucket(owner, bucket);
  owner.destroy();
});

describe('Container registry through its egress proxy', () => {
  it('fails at stage when its storage name resolves to a metadata address, naming the host and the address', async () => {
    const started = Date.now();
    const staged = await supervisor.stageRun('run-reserved', settings('metadata-alias.egress.test'));
    expect(staged.find((outcome) => outcome.id === 'container-registry')).toMatchObject({
      action: 'failed',
      code: 'reservedAddress',
      refused: { host: 'metadata-alias.egress.test', address: '169.254.169.254' },
    });
    // Refused at once, not after the 30 s readiness timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(supervisor.runner('container-registry').current).toBeNull();
    const log = await fs.readFile(path.join(env.dataDir, 'services', 'container-registry.log'), 'utf8');
    expect(log).toContain('ERR_RESERVED_ADDRESS: refused a connection to metadata-alias.egress.test (169.254.169.254, a link-local or cloud metadata address)');
    expect(log).toMatch(/egress proxy: started pid \d+/);
    // The failed instance is gone with its proxy.
    const entries = await fs.readdir(path.join(env.dataDir, 'services', 'container-registry'), { withFileTypes: true });
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
  }, 60_000);

  it('reaches an https:// storage through a CONNECT tunnel, the name resolved in the proxy, the certificate checked by the registry', async () => {
    const certs = makeTestCerts();
    relay = await startTlsRelay(s3Env.endpoint, certs.pem('wrong-host'), certs.key('wrong-host'));
    const tls = { ...settings('storage.egress.test'), serviceUrl: endpointAt('storage.wrong.example', relay.url), caCertificates: certs.pem('ca') };
    const staged = await supervisor.stageRun('run-tls', tls);
    // Ready means the registry listed the bucket (readiness reads it): over TLS, through the proxy.
    expect(staged.find((outcome) => outcome.id === 'container-registry')).toMatchObject({ action: 'started' });
    await supervisor.discardRun('run-tls');
  }, 60_000);

  it('serves a push and a pull when its storage name resolves to the gateway on loopback, every storage request through the proxy', async () => {
    const staged = await supervisor.stageRun('run-loopback', settings('storage.egress.test'));
    expect(staged.find((outcome) => outcome.id === 'container-registry')).toMatchObject({ action: 'started' });
    // No canary (proveRun): it checks the bucket with the console's own access, and the test's name is known to the services only.
    await supervisor.commitRun('run-loopback');

    const current = supervisor.runner('container-registry').current!;
    const childEnv = await environmentOf(current.child.pid!);
    expect(childEnv.HTTP_PROXY).toMatch(/^http:\/\/egress:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
    expect(childEnv.HTTPS_PROXY).toBe(childEnv.HTTP_PROXY);
    const record = JSON.parse(await fs.readFile(path.join(current.instanceDir, EGRESS_DIR, PID_FILE), 'utf8')) as PidRecord;
    expect(await recordAlive(record)).toBe(true);

    const image = await makeOciImage(path.join(dir, 'image'));
    const pushed = await skopeoCopy(image.reference, `docker://${frontHost}/team/app:1`, authFile);
    expect(pushed.code, pushed.output).toBe(0);
    const hex = image.layerDigest.slice('sha256:'.length);
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${REGISTRY_ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key)).toEqual([`${REGISTRY_ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/data`]);
    const back = path.join(dir, 'pulled');
    const pulled = await skopeoCopy(`docker://${frontHost}/team/app:1`, `oci:${back}:app`, authFile);
    expect(pulled.code, pulled.output).toBe(0);
    expect(await layoutManifestDigest(back)).toBe(image.manifestDigest);

    const log = await fs.readFile(path.join(env.dataDir, 'services', 'container-registry.log'), 'utf8');
    const token = /egress:([0-9a-f]{48})@/.exec(childEnv.HTTP_PROXY ?? '')?.[1] ?? 'missing';
    expect(log).not.toContain(token);
    // Stopped with its instance.
    shutDown = true;
    await supervisor.shutdown();
    expect(await recordAlive(record)).toBe(false);
  }, 180_000);
});
