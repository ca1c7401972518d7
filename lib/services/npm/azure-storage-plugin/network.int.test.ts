import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureEnv, containerName, createContainer, removeContainer } from '@/lib/testing/azurite';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import AzureBlobStorage from './index';
import type { Logger } from './logger';

// The plugin reaching Azurite over TLS with a private CA (caFile), and through a real forward proxy
// (tinyproxy, proxyUrlEnv) with that CA still verified end to end.

let container = '';
let certs: TestCerts;
let relay: TlsRelay;
let proxy: TestProxy;
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

beforeAll(async () => {
  container = containerName('plugin-net');
  await createContainer(container);
  certs = makeTestCerts();
  relay = await startTlsRelay(new URL(azureEnv.blobEndpoint).origin, certs.pem('valid'), certs.key('valid'));
  proxy = startTestProxy('azure-plugin');
});

afterAll(async () => {
  proxy?.stop();
  await relay?.close();
  if (container) await removeContainer(container);
});

function plugin(extra: Record<string, unknown>): AzureBlobStorage {
  const env = {
    CONN: `DefaultEndpointsProtocol=https;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=https://localhost:${relay.port}/${azureEnv.account}`,
    PROXY: proxy.url,
  };
  const section = { container, keyPrefix: 'net/', connectionStringEnv: 'CONN', timeoutMs: 10_000, maxTries: 1, ...extra };
  return new AzureBlobStorage({ store: { 'azure-blob-storage': section } }, { config: {}, logger: quiet }, env);
}

const add = (storage: AzureBlobStorage, name: string) => new Promise<void>((resolve, reject) => storage.add(name, (err) => (err ? reject(err) : resolve())));

describe('azure-blob-storage plugin over TLS and a proxy', () => {
  it('refuses an endpoint whose CA it does not trust, naming the TLS code, and works once caFile names that CA', async () => {
    await expect(plugin({}).getSecret()).rejects.toThrow(/reading the package list failed \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
    const trusted = plugin({ caFile: path.join(certs.dir, 'ca.pem') });
    expect(await trusted.getSecret()).toBe('');
    await add(trusted, 'via-tls');
  });

  it('tunnels through the proxy with CONNECT and still verifies the private CA', async () => {
    const before = proxy.connects().length;
    const proxied = plugin({ caFile: path.join(certs.dir, 'ca.pem'), proxyUrlEnv: 'PROXY' });
    await add(proxied, 'via-proxy');
    expect(proxy.connects().slice(before).some((line) => line.includes(`localhost:${relay.port}`))).toBe(true);
    await expect(plugin({ proxyUrlEnv: 'PROXY' }).getSecret()).rejects.toThrow(/reading the package list failed \([A-Z_]+\)/);
  });
});
