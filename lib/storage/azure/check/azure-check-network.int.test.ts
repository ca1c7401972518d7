import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { azureEnv, containerName, createContainer, leftovers, removeContainer } from '@/lib/testing/azurite';
import { makeTestCerts, type ServerCertName, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { probeAzureHealth } from '../health-probe';
import { runAzureStorageCheck } from './run-storage-check';
import type { AzureCheckOptions, AzureCheckResult } from './target';
import { AZURE_OPERATIONS } from '../sas';

// The real Azurite behind TLS relays, each serving a certificate made by openssl for this run, and a
// real forward proxy (tinyproxy) in between: the same network layer as the S3 check's.

let container = '';
let certs: TestCerts;
const relays = new Map<ServerCertName, TlsRelay>();
const direct = parseProxySettings({});

beforeAll(async () => {
  container = containerName('network');
  await createContainer(container);
  certs = makeTestCerts();
  for (const name of ['valid', 'expiring', 'wrong-host', 'expired'] as const) {
    relays.set(name, await startTlsRelay(new URL(azureEnv.blobEndpoint).origin, certs.pem(name), certs.key(name)));
  }
});

afterEach(async () => {
  expect(await leftovers(container)).toEqual([]);
});

afterAll(async () => {
  await Promise.all([...relays.values()].map((relay) => relay.close()));
  if (container) await removeContainer(container);
});

const hostOf = (name: ServerCertName) => `localhost:${relays.get(name)!.port}`;
const connectionString = (name: ServerCertName) =>
  `DefaultEndpointsProtocol=https;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=https://${hostOf(name)}/${azureEnv.account}`;
const check = (name: ServerCertName, network: AzureCheckOptions['network']) =>
  runAzureStorageCheck({ containerName: container, connectionString: connectionString(name) }, { timeoutMs: 10_000, reuseCleanupProof: false, network });

function statuses(result: AzureCheckResult): string[] {
  return result.permissions.map((row) => (row.code ? `${row.status}:${row.code}` : row.status));
}

describe('Azure Blob Storage behind TLS', () => {
  it('says who issued an untrusted certificate, on the connection string, then passes with that CA', async () => {
    const untrusted = await check('valid', { caPems: [], proxy: direct });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.errors).toEqual([
      {
        code: 'tlsUnknownCa',
        field: 'azureConnectionString',
        params: { host: hostOf('valid'), subject: 'CN=localhost', issuer: 'O=Console Test, CN=Console Test Root CA' },
      },
    ]);
    expect(statuses(untrusted)).toEqual(AZURE_OPERATIONS.map(() => 'not-run:tlsUnknownCa'));

    const trusted = await check('valid', { caPems: [certs.pem('ca')], proxy: direct });
    expect(trusted.errors).toEqual([]);
    expect(trusted.ok).toBe(true);
    expect(trusted.warnings).toEqual([]);
    expect(trusted.proxy).toBeUndefined();
  });

  it('passes with a warning naming the date when the certificate expires within 30 days', async () => {
    const result = await check('expiring', { caPems: [certs.pem('ca')], proxy: direct });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { code: 'tlsExpiringSoon', field: 'azureConnectionString', params: { host: hostOf('expiring'), subject: 'CN=localhost', date: expect.any(String) } },
    ]);
    const days = (Date.parse(result.warnings[0]!.params!.date!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9);
    expect(days).toBeLessThan(11);
  });

  it('lists the names of a certificate for another host, and the end date of an expired one', async () => {
    const wrongHost = await check('wrong-host', { caPems: [certs.pem('ca')], proxy: direct });
    expect(wrongHost.errors).toEqual([{ code: 'tlsHostMismatch', field: 'azureConnectionString', params: { host: 'localhost', names: 'storage.wrong.example' } }]);
    const expired = await check('expired', { caPems: [certs.pem('ca')], proxy: direct });
    expect(expired.errors).toEqual([
      { code: 'tlsExpired', field: 'azureConnectionString', params: { host: hostOf('expired'), subject: 'CN=localhost', date: '2021-01-01T00:00:00.000Z' } },
    ]);
  });

  it('says http:// reached a TLS port', async () => {
    const port = relays.get('valid')!.port;
    const http = `DefaultEndpointsProtocol=http;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=http://127.0.0.1:${port}/${azureEnv.account}`;
    const result = await runAzureStorageCheck({ containerName: container, connectionString: http }, { timeoutMs: 10_000, reuseCleanupProof: false, network: { caPems: [], proxy: direct } });
    expect(result.errors).toEqual([
      { code: 'httpToTlsPort', field: 'azureConnectionString', params: { host: `127.0.0.1:${port}`, suggestedUrl: `https://127.0.0.1:${port}/${azureEnv.account}` } },
    ]);
  });

  it('runs the health probe with the trusted CAs', async () => {
    const target = { containerName: container, connectionString: connectionString('valid') };
    const trusted = await probeAzureHealth(target, { timeoutMs: 10_000, network: { caPems: [certs.pem('ca')], proxy: direct } });
    expect(trusted.operations.map((operation) => operation.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    const untrusted = await probeAzureHealth(target, { timeoutMs: 10_000, network: { caPems: [], proxy: direct } });
    expect(untrusted.operations[0]).toMatchObject({ operation: 'list', status: 'fail', code: 'endpointTls' });
  });
});

describe('Azure Blob Storage through a forward proxy', () => {
  let proxy: TestProxy;
  beforeAll(() => {
    proxy = startTestProxy('azure-check');
  });
  afterAll(() => proxy.stop());

  it('tunnels with CONNECT, says which proxy it used, and still verifies TLS end to end', async () => {
    const before = proxy.connects().length;
    const result = await check('valid', { caPems: [certs.pem('ca')], proxy: proxy.settings() });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.proxy).toBe(proxy.label);
    const connects = proxy.connects().slice(before);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((line) => line.includes(`CONNECT ${hostOf('valid')} `))).toBe(true);

    const untrusted = await check('valid', { caPems: [], proxy: proxy.settings() });
    expect(untrusted.errors[0]?.code).toBe('tlsUnknownCa');
    expect(untrusted.proxy).toBe(proxy.label);
  });

  it('goes direct for a host in NO_PROXY', async () => {
    const before = proxy.connects().length;
    const result = await check('valid', { caPems: [certs.pem('ca')], proxy: proxy.settings({ NO_PROXY: 'example.com,localhost' }) });
    expect(result.ok).toBe(true);
    expect(result.proxy).toBeUndefined();
    expect(proxy.connects().length).toBe(before);
  });

  it('tells a refused CONNECT apart from the storage, with the proxy status', async () => {
    const strict = startTestProxy('azure-strict', { connectPorts: '443' });
    try {
      const result = await check('valid', { caPems: [certs.pem('ca')], proxy: strict.settings() });
      expect(result.errors).toEqual([{ code: 'proxyConnectRefused', field: 'proxy', params: { proxy: strict.label, status: '403' } }]);
    } finally {
      strict.stop();
    }
  });
});

describe('Azure Blob Storage through a proxy that requires authentication, or is not there', () => {
  let proxy: TestProxy;
  beforeAll(() => {
    proxy = startTestProxy('azure-auth', { auth: 'console:proxy-secret-2' });
  });
  afterAll(() => proxy.stop());

  it('gives the 407 message without credentials and passes with them, never showing them', async () => {
    const denied = await check('valid', { caPems: [certs.pem('ca')], proxy: proxy.settings() });
    expect(denied.errors).toEqual([{ code: 'proxyAuthRequired', field: 'proxy', params: { proxy: proxy.label } }]);
    const passed = await check('valid', { caPems: [certs.pem('ca')], proxy: parseProxySettings({ HTTPS_PROXY: `http://console:proxy-secret-2@${proxy.label}` }) });
    expect(passed.ok).toBe(true);
    expect(passed.proxy).toBe(proxy.label);
    expect(JSON.stringify(passed)).not.toContain('proxy-secret-2');
  });

  it('says the proxy is unreachable once it is stopped', async () => {
    const settings = proxy.settings();
    proxy.stop();
    const result = await check('valid', { caPems: [certs.pem('ca')], proxy: settings });
    expect(result.errors).toEqual([{ code: 'proxyUnreachable', field: 'proxy', params: { proxy: proxy.label } }]);
    expect(statuses(result)).toEqual(AZURE_OPERATIONS.map(() => 'not-run:proxyUnreachable'));
  });
});
