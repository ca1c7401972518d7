import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStorageAgents } from '@/lib/network/storage-agent';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { bucketName, createBucket, leftovers, ownerClient, probeTarget, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { probeS3Health } from '@/lib/storage/s3/health-probe';
import { isPubliclyListable } from './public-access';
import { runStorageCheck } from './run-storage-check';

// The plain-HTTP Ceph gateway reached through a real forward proxy (tinyproxy, HTTP_PROXY), and the
// anonymous public-access probes, which must take the same way as the signed requests: the proxy
// and the trusted CAs.

let owner: S3Client;
let privateBucket = '';
let publicBucket = '';
let certs: TestCerts;
let relay: TlsRelay;
let proxy: TestProxy;
const direct = parseProxySettings({});
const gateway = () => new URL(s3Env.endpoint).host;

beforeAll(async () => {
  owner = ownerClient();
  privateBucket = bucketName('via-proxy');
  publicBucket = bucketName('public-probe');
  await createBucket(owner, privateBucket);
  await createBucket(owner, publicBucket, { publicRead: true });
  certs = makeTestCerts();
  relay = await startTlsRelay(s3Env.endpoint, certs.pem('valid'), certs.key('valid'));
  proxy = startTestProxy('plain-http');
});

afterEach(async () => {
  expect(await leftovers(owner, privateBucket)).toEqual([]);
  expect(await leftovers(owner, publicBucket)).toEqual([]);
});

afterAll(async () => {
  proxy.stop();
  await relay.close();
  for (const bucket of [privateBucket, publicBucket]) if (bucket) await removeBucket(owner, bucket);
});

describe('an http:// gateway through HTTP_PROXY', () => {
  it('passes the check well within its deadline, through the proxy', async () => {
    const before = proxy.connects().length;
    const started = performance.now();
    const result = await runStorageCheck(probeTarget(privateBucket, { pathStyle: 'path' }), { timeoutMs: 10_000, reuseCleanupProof: false, network: { caPems: [], proxy: proxy.settings() } });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.proxy).toBe(proxy.label);
    expect(performance.now() - started).toBeLessThan(8_000);
    const connects = proxy.connects().slice(before);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((line) => line.includes(`CONNECT ${gateway()} `))).toBe(true);
  });

  it('passes the health probe through the proxy', async () => {
    const result = await probeS3Health(probeTarget(privateBucket, { pathStyle: 'path' }), { timeoutMs: 10_000, network: { caPems: [], proxy: proxy.settings() } });
    expect(result.operations.map((operation) => `${operation.operation}:${operation.status}`)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:pass']);
  });
});

describe('the anonymous public-access probes', () => {
  it('go through the proxy: its log shows their CONNECT', async () => {
    const fresh = startTestProxy('anonymous-probe');
    const agents = createStorageAgents({ caPems: [], proxy: fresh.settings(), connectTimeoutMs: 5_000 });
    try {
      const listable = await isPubliclyListable(probeTarget(publicBucket, { pathStyle: 'path' }), AbortSignal.timeout(5_000), agents);
      expect(listable).toBe(true);
      expect(fresh.connects()).toEqual([expect.stringContaining(`CONNECT ${gateway()} `)]);
    } finally {
      agents.destroy();
      fresh.stop();
    }
  });

  it('trust the configured CAs: a public bucket behind TLS is flagged once its CA is trusted', async () => {
    const target = probeTarget(publicBucket, { serviceUrl: `https://localhost:${relay.port}`, pathStyle: 'path' });
    const result = await runStorageCheck(target, { timeoutMs: 10_000, reuseCleanupProof: false, network: { caPems: [certs.pem('ca')], proxy: direct } });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { code: 'bucketPublicList', field: 'bucket' },
      { code: 'bucketPublicRead', field: 'bucket' },
    ]);
  });
});
