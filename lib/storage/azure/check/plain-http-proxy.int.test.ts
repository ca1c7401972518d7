import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStorageAgents } from '@/lib/network/storage-agent';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { azureEnv, containerName, createContainer, keyConnectionString, leftovers, removeContainer } from '@/lib/testing/azurite';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { probeAzureHealth } from '../health-probe';
import { anonymousGet } from './probes';
import { runAzureStorageCheck } from './run-storage-check';

// Azurite (plain HTTP) reached through a real forward proxy (tinyproxy, HTTP_PROXY), and the anonymous
// public-access probes, which must take the same way as the signed requests: the proxy and the trusted CAs.

let privateContainer = '';
let publicContainer = '';
let certs: TestCerts;
let relay: TlsRelay;
let proxy: TestProxy;
const direct = parseProxySettings({});
const azurite = () => new URL(azureEnv.blobEndpoint).host;

beforeAll(async () => {
  privateContainer = containerName('via-proxy');
  publicContainer = containerName('public-probe');
  await createContainer(privateContainer);
  await createContainer(publicContainer, { access: 'container' });
  certs = makeTestCerts();
  relay = await startTlsRelay(new URL(azureEnv.blobEndpoint).origin, certs.pem('valid'), certs.key('valid'));
  proxy = startTestProxy('azure-plain-http');
});

afterEach(async () => {
  expect(await leftovers(privateContainer)).toEqual([]);
  expect(await leftovers(publicContainer)).toEqual([]);
});

afterAll(async () => {
  proxy.stop();
  await relay.close();
  for (const name of [privateContainer, publicContainer]) if (name) await removeContainer(name);
});

describe('an http:// Blob endpoint through HTTP_PROXY', () => {
  it('passes the check well within its deadline, through the proxy', async () => {
    const before = proxy.connects().length;
    const started = performance.now();
    const result = await runAzureStorageCheck({ containerName: privateContainer, connectionString: keyConnectionString() }, { timeoutMs: 10_000, reuseCleanupProof: false, network: { caPems: [], proxy: proxy.settings() } });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.proxy).toBe(proxy.label);
    expect(performance.now() - started).toBeLessThan(8_000);
    const connects = proxy.connects().slice(before);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((line) => line.includes(`CONNECT ${azurite()} `))).toBe(true);
  });

  it('passes the health probe through the proxy', async () => {
    const result = await probeAzureHealth({ containerName: privateContainer, connectionString: keyConnectionString() }, { timeoutMs: 10_000, network: { caPems: [], proxy: proxy.settings() } });
    expect(result.operations.map((operation) => `${operation.operation}:${operation.status}`)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:pass']);
  });
});

describe('the anonymous public-access probes', () => {
  it('go through the proxy: its log shows their CONNECT', async () => {
    const fresh = startTestProxy('azure-anonymous-probe');
    const agents = createStorageAgents({ caPems: [], proxy: fresh.settings(), connectTimeoutMs: 5_000 });
    try {
      const url = `${azureEnv.blobEndpoint}/${publicContainer}?restype=container&comp=list&maxresults=1`;
      const answer = await anonymousGet(url, { signal: AbortSignal.timeout(5_000), agents });
      expect(answer).toMatchObject({ status: 200, fromBlobStorage: true });
      expect(fresh.connects()).toEqual([expect.stringContaining(`CONNECT ${azurite()} `)]);
    } finally {
      agents.destroy();
      fresh.stop();
    }
  });

  it('trust the configured CAs: a public container behind TLS is flagged once its CA is trusted', async () => {
    const connectionString = `DefaultEndpointsProtocol=https;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=https://localhost:${relay.port}/${azureEnv.account}`;
    const result = await runAzureStorageCheck({ containerName: publicContainer, connectionString }, { timeoutMs: 10_000, reuseCleanupProof: false, network: { caPems: [certs.pem('ca')], proxy: direct } });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((issue) => issue.code).sort()).toEqual(['bucketPublicList', 'bucketPublicRead']);
  });
});
