import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { makeTestCerts, type ServerCertName, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { allStatuses, bucketName, createBucket, leftovers, ownerClient, probeTarget, removeBucket, s3Env, statuses } from '@/lib/testing/s3-int-support';
import { runStorageCheck } from './run-storage-check';
import type { StorageCheckOptions } from './target';

// The real Ceph gateway behind TLS relays, each serving a certificate made by openssl for this run,
// and a real forward proxy (tinyproxy) in between.

let owner: S3Client;
let bucket = '';
let certs: TestCerts;
const relays = new Map<ServerCertName, TlsRelay>();
const direct = parseProxySettings({});

beforeAll(async () => {
  owner = ownerClient();
  bucket = bucketName('network');
  await createBucket(owner, bucket);
  certs = makeTestCerts();
  for (const name of ['valid', 'wrong-host', 'expired', 'expiring', 'untrusted'] as const) {
    relays.set(name, await startTlsRelay(s3Env.endpoint, certs.pem(name), certs.key(name)));
  }
});

afterEach(async () => {
  expect(await leftovers(owner, bucket)).toEqual([]);
});

afterAll(async () => {
  await Promise.all([...relays.values()].map((relay) => relay.close()));
  if (bucket) await removeBucket(owner, bucket);
});

const urlOf = (name: ServerCertName, host = 'localhost') => `https://${host}:${relays.get(name)!.port}`;
const check = (serviceUrl: string, network: StorageCheckOptions['network']) =>
  runStorageCheck(probeTarget(bucket, { serviceUrl, pathStyle: 'path' }), { timeoutMs: 10_000, reuseCleanupProof: false, network });

describe('TLS in front of the gateway', () => {
  it('passes once the CA is trusted, and says who issued the certificate while it is not', async () => {
    const untrusted = await check(urlOf('valid'), { caPems: [], proxy: direct });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.errors).toEqual([
      {
        code: 'tlsUnknownCa',
        field: 'serviceUrl',
        params: { host: `localhost:${relays.get('valid')!.port}`, subject: 'CN=localhost', issuer: 'O=Console Test, CN=Console Test Root CA' },
      },
    ]);
    expect(statuses(untrusted)).toEqual(allStatuses('not-run:tlsUnknownCa'));

    const trusted = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: direct });
    expect(trusted.errors).toEqual([]);
    expect(trusted.ok).toBe(true);
    expect(trusted.warnings).toEqual([]);
    expect(trusted.proxy).toBeUndefined();
  });

  it('reports only the TLS failure right after a pass, when removal is not proven again: nothing was sent', async () => {
    const target = probeTarget(bucket, { serviceUrl: urlOf('valid'), pathStyle: 'path' });
    expect((await runStorageCheck(target, { network: { caPems: [certs.pem('ca')], proxy: direct } })).ok).toBe(true);
    const after = await runStorageCheck(target, { network: { caPems: [], proxy: direct } });
    expect(after.errors.map((issue) => issue.code)).toEqual(['tlsUnknownCa']);
  });

  it('names the other CA that issued a certificate', async () => {
    const result = await check(urlOf('untrusted'), { caPems: [certs.pem('ca')], proxy: direct });
    expect(result.errors[0]).toMatchObject({ code: 'tlsUnknownCa', field: 'serviceUrl', params: { issuer: 'O=Elsewhere, CN=Console Other Test CA' } });
  });

  it('lists the names of a certificate for another host', async () => {
    const result = await check(urlOf('wrong-host'), { caPems: [certs.pem('ca')], proxy: direct });
    expect(result.errors).toEqual([{ code: 'tlsHostMismatch', field: 'serviceUrl', params: { host: 'localhost', names: 'storage.wrong.example' } }]);
  });

  it('gives the end date of an expired certificate', async () => {
    const result = await check(urlOf('expired'), { caPems: [certs.pem('ca')], proxy: direct });
    expect(result.errors).toEqual([
      { code: 'tlsExpired', field: 'serviceUrl', params: { host: `localhost:${relays.get('expired')!.port}`, subject: 'CN=localhost', date: '2021-01-01T00:00:00.000Z' } },
    ]);
  });

  it('passes with a warning naming the date when the certificate expires within 30 days', async () => {
    const result = await check(urlOf('expiring'), { caPems: [certs.pem('ca')], proxy: direct });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { code: 'tlsExpiringSoon', field: 'serviceUrl', params: { host: `localhost:${relays.get('expiring')!.port}`, subject: 'CN=localhost', date: expect.any(String) } },
    ]);
    const days = (Date.parse(result.warnings[0]!.params!.date!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9);
    expect(days).toBeLessThan(11);
  });

  it('says http:// reached a TLS port, and https:// a plain one', async () => {
    const port = relays.get('valid')!.port;
    const http = await check(`http://127.0.0.1:${port}`, { caPems: [certs.pem('ca')], proxy: direct });
    expect(http.errors).toEqual([{ code: 'httpToTlsPort', field: 'serviceUrl', params: { host: `127.0.0.1:${port}`, suggestedUrl: `https://127.0.0.1:${port}` } }]);
    const plain = new URL(s3Env.endpoint);
    const https = await check(`https://${plain.host}`, { caPems: [], proxy: direct });
    expect(https.errors).toEqual([{ code: 'tlsToPlainPort', field: 'serviceUrl', params: { host: plain.host } }]);
  });
});

describe('through a forward proxy', () => {
  let proxy: TestProxy;
  beforeAll(() => {
    proxy = startTestProxy('check');
  });
  afterAll(() => proxy.stop());

  it('tunnels with CONNECT, says which proxy it used, and still verifies TLS end to end', async () => {
    const before = proxy.connects().length;
    const result = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: proxy.settings() });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.proxy).toBe(proxy.label);
    const connects = proxy.connects().slice(before);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((line) => line.includes(`CONNECT localhost:${relays.get('valid')!.port} `))).toBe(true);

    const untrusted = await check(urlOf('valid'), { caPems: [], proxy: proxy.settings() });
    expect(untrusted.errors[0]?.code).toBe('tlsUnknownCa');
  });

  it('goes direct for a host in NO_PROXY', async () => {
    const before = proxy.connects().length;
    const result = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: proxy.settings({ NO_PROXY: 'example.com,localhost' }) });
    expect(result.ok).toBe(true);
    expect(result.proxy).toBeUndefined();
    expect(proxy.connects().length).toBe(before);
  });

  it('tells a refused CONNECT apart from the storage, with the proxy status', async () => {
    const strict = startTestProxy('strict', { connectPorts: '443' });
    try {
      const result = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: strict.settings() });
      expect(result.errors).toEqual([{ code: 'proxyConnectRefused', field: 'proxy', params: { proxy: strict.label, status: '403' } }]);
    } finally {
      strict.stop();
    }
  });
});

describe('a proxy that requires authentication, or is not there', () => {
  let proxy: TestProxy;
  beforeAll(() => {
    proxy = startTestProxy('auth', { auth: 'console:proxy-secret-1' });
  });
  afterAll(() => proxy.stop());

  it('gives the 407 message without credentials and passes with them, never showing them', async () => {
    const denied = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: proxy.settings() });
    expect(denied.errors).toEqual([{ code: 'proxyAuthRequired', field: 'proxy', params: { proxy: proxy.label } }]);
    const withCredentials = `http://console:proxy-secret-1@${proxy.label}`;
    const passed = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: parseProxySettings({ HTTPS_PROXY: withCredentials }) });
    expect(passed.ok).toBe(true);
    expect(passed.proxy).toBe(proxy.label);
    expect(JSON.stringify(passed)).not.toContain('proxy-secret-1');
  });

  it('says the proxy is unreachable once it is stopped', async () => {
    const settings = proxy.settings();
    proxy.stop();
    const result = await check(urlOf('valid'), { caPems: [certs.pem('ca')], proxy: settings });
    expect(result.errors).toEqual([{ code: 'proxyUnreachable', field: 'proxy', params: { proxy: proxy.label } }]);
    expect(statuses(result)).toEqual(allStatuses('not-run:proxyUnreachable'));
  });
});
