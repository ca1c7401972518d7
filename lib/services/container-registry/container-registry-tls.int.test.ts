import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackagesSettings } from '@/lib/settings/types';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { inputFor, s3Settings, startEcosystem, tempDir, type TestEcosystem } from '@/lib/testing/services';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { CONTAINER_REGISTRY_SERVICE } from './service';

// The registry reaching S3 over TLS whose certificate a private CA signed (a TLS relay in front of the
// Ceph gateway), as the storage check is tested: with the CA in app.packages.ca-certificates it starts
// and passes its canary (the CA reached its Go client through SSL_CERT_FILE); without it, it never
// becomes ready (unknown authority), and the console's own AWS_CA_BUNDLE, if any, changes neither.

const owner = ownerClient();
const bucket = bucketName('creg-tls');
let certs: TestCerts;
let relay: TlsRelay;
let ecosystem: TestEcosystem | undefined;

const settings = (caCertificates: string) => ({ ...s3Settings(bucket), serviceUrl: relay.url, caCertificates }) as PackagesSettings;

beforeAll(async () => {
  certs = makeTestCerts();
  await createBucket(owner, bucket);
  relay = await startTlsRelay(s3Env.endpoint, certs.pem('valid'), certs.key('valid'));
});

afterAll(async () => {
  await ecosystem?.close();
  await relay?.close();
  await removeBucket(owner, bucket);
  owner.destroy();
});

describe('Container registry behind TLS with a private CA', () => {
  it('does not become ready without the CA: the registry cannot verify the storage', async () => {
    const dataDir = await tempDir('creg-tls');
    await expect(startEcosystem(CONTAINER_REGISTRY_SERVICE, inputFor(settings('')), { readyTimeoutMs: 8_000, dataDir })).rejects.toThrow();
    const log = await fs.readFile(path.join(dataDir, 'services', 'container-registry.log'), 'utf8');
    expect(log).toMatch(/x509: certificate signed by unknown authority/);
  }, 60_000);

  it('starts and passes its canary with the CA among the trusted certificates', async () => {
    ecosystem = await startEcosystem(CONTAINER_REGISTRY_SERVICE, inputFor(settings(certs.pem('ca'))));
    const current = ecosystem.runner.current!;
    expect(current.rendered.env.SSL_CERT_FILE).toBe(`${current.instanceDir}/ca.pem`);
    const result = await CONTAINER_REGISTRY_SERVICE.canary(inputFor(settings(certs.pem('ca'))), { baseUrl: current.baseUrl, rendered: current.rendered, timeoutMs: 10_000, runId: 'tls-run' });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, leftovers: [] });
    expect(result.storedKeys.some((key) => key.endsWith('/data'))).toBe(true);
  }, 90_000);
});
