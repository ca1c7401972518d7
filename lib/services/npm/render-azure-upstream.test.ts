import { describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import type { StorageBinding } from '@/lib/storage/binding';
import { azureBinding } from '@/lib/storage/azure/binding';
import type { RenderedService, ServiceInput } from '../types';
import { AZURE_CONNECTION_ENV, AZURE_PROXY_ENV, CONSOLE_PACKAGES } from './config';
import { NPM_SERVICE } from './service';
import { DEFAULT_UPSTREAM_URL, upstreamOf } from './upstream';

// Rendering Verdaccio on Azure Blob Storage (the project's plugin) and with npm upstreaming.

const ACCOUNT_KEY = 'c2VjcmV0a2V5LW9mLXRoZS1hY2NvdW50';
const SAS = 'sv=2024-05-04&ss=b&srt=co&sp=rwdl&sig=c2lnbmF0dXJl';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
type AzureBinding = Extract<StorageBinding, { protocol: 'azure-blob-api' }>;
/** Built by the storage type itself, as the supervisor gets it: the secrets it lists are its own. */
function azureOf(connectionString: string, more: Partial<AzureBinding> = {}): AzureBinding {
  const binding = azureBinding({ azureConnectionString: connectionString, azureContainerName: 'packages' }, { proxy: parseProxySettings({}) });
  if (binding.protocol !== 'azure-blob-api') throw new Error('not an Azure binding');
  return { ...binding, ...more };
}
const azure = azureOf(`DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`);
const s3: StorageBinding = { protocol: 's3-api', endpoint: '', region: 'eu-west-1', bucket: 'b', forcePathStyle: false, authMode: 'keys', accessKey: 'AKIA1', secretKey: 'secret1', caPems: [], proxied: false, secrets: ['AKIA1', 'secret1'] };
const paths = { instanceDir: '/data/services/npm/i1', modulesDir: '/srv/modules', serviceSecret: 'c'.repeat(64), credentials: [] };
const proxySettings = parseProxySettings({ HTTPS_PROXY: 'http://proxy-user:p%40ss%3Aword@proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080', NO_PROXY: 'mirror.corp' });

function input(binding: StorageBinding, more: Partial<ServiceInput> = {}): ServiceInput {
  return { binding, mode: 'enabled', settings: {}, proxy: parseProxySettings({}), upstreamUrls: {}, openStorage: () => ({}) as never, ...more };
}

function configOf(rendered: RenderedService) {
  return JSON.parse(rendered.files.find((file) => file.name === 'config.yaml')!.content);
}

const written = (rendered: RenderedService) => JSON.stringify({ files: rendered.files, argv: rendered.argv });

describe('npm on Azure Blob Storage', () => {
  it('renders the plugin with the connection string in the environment only, under the same key prefix as on S3', () => {
    const rendered = NPM_SERVICE.render(input(azure), paths, 4000);
    const config = configOf(rendered);
    expect(config.store).toEqual({
      'azure-blob-storage': { container: 'packages', keyPrefix: 'packages-services/npm/', connectionStringEnv: AZURE_CONNECTION_ENV, timeoutMs: 30_000, maxTries: 3 },
    });
    expect(config.plugins).toBe('/srv/modules');
    // A missing plugin then stops Verdaccio at start rather than falling back to a local folder.
    expect(config).not.toHaveProperty('storage');
    expect(rendered.env[AZURE_CONNECTION_ENV]).toBe(azure.connectionString);
    expect(rendered.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    expect(Object.keys(rendered.env)).toEqual([AZURE_CONNECTION_ENV]);
    expect(written(rendered)).not.toContain(ACCOUNT_KEY);
    expect(rendered.secrets).toEqual(expect.arrayContaining([azure.connectionString, ACCOUNT_KEY, rendered.client.password]));
  });

  it('hides a SAS too, and gives the plugin the CA file and a proxy from the environment', () => {
    const sas = azureOf(`BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=${SAS}`, { caPems: [CA], proxied: true });
    const rendered = NPM_SERVICE.render(input(sas, { proxy: proxySettings }), paths, 4000);
    const store = configOf(rendered).store['azure-blob-storage'];
    expect(store.caFile).toBe('/data/services/npm/i1/ca.pem');
    expect(store.proxyUrlEnv).toBe(AZURE_PROXY_ENV);
    expect(rendered.files.find((file) => file.name === 'ca.pem')!.content).toBe(CA);
    expect(rendered.env.NODE_EXTRA_CA_CERTS).toBe('/data/services/npm/i1/ca.pem');
    expect(rendered.env[AZURE_PROXY_ENV]).toBe('http://proxy-user:p%40ss%3Aword@proxy.corp:3128');
    expect(new URL(rendered.env[AZURE_PROXY_ENV]!).password).toBe('p%40ss%3Aword');
    for (const secret of [SAS, 'p@ss:word', rendered.env[AZURE_PROXY_ENV]!]) {
      expect(written(rendered)).not.toContain(secret);
      expect(rendered.secrets).toContain(secret);
    }
  });

  it('takes the plain-HTTP proxy for an http:// Blob endpoint, and none when the storage is not proxied', () => {
    const http = azureOf(`BlobEndpoint=http://127.0.0.1:10000/acct;AccountName=acct;AccountKey=${ACCOUNT_KEY}`, { proxied: true });
    expect(NPM_SERVICE.render(input(http, { proxy: proxySettings }), paths, 4000).env[AZURE_PROXY_ENV]).toBe('http://plain.corp:8080');
    const direct = NPM_SERVICE.render(input(azure, { proxy: proxySettings }), paths, 4000);
    expect(direct.env[AZURE_PROXY_ENV]).toBeUndefined();
    expect(configOf(direct).store['azure-blob-storage'].proxyUrlEnv).toBeUndefined();
  });
});

describe('npm upstreaming', () => {
  it('renders no uplink unless app.packages.ecosystems.npm-upstreaming is enabled', () => {
    for (const settings of [{}, { npm: 'enabled' }, { npm: 'enabled', 'npm-upstreaming': 'disabled' }] as Record<string, string>[]) {
      const config = configOf(NPM_SERVICE.render(input(s3, { settings }), paths, 4000));
      expect(config.uplinks).toEqual({});
      expect(config.publish).toBeUndefined();
      expect(Object.values(config.packages).some((rule) => 'proxy' in (rule as object))).toBe(false);
    }
  });

  it('proxies reads of every package but the console’s own to the public registry by default, with a timeout', () => {
    const config = configOf(NPM_SERVICE.render(input(azure, { settings: { npm: 'enabled', 'npm-upstreaming': 'enabled' } }), paths, 4000));
    expect(config.uplinks).toEqual({ upstream: { url: DEFAULT_UPSTREAM_URL, timeout: '30s', max_fails: 2, fail_timeout: '1m', maxage: '2m', cache: true } });
    expect(config.packages['**']).toEqual({ access: '$all', publish: '$authenticated', unpublish: '$authenticated', proxy: 'upstream' });
    expect(config.packages['@*/*'].proxy).toBe('upstream');
    expect(config.packages[CONSOLE_PACKAGES]).toEqual({ access: '$all', publish: '$authenticated', unpublish: '$authenticated' });
    // The console's packages come first: Verdaccio takes the first rule that matches.
    expect(Object.keys(config.packages)[0]).toBe(CONSOLE_PACKAGES);
    expect(config.publish).toEqual({ allow_offline: true });
  });

  it('goes to the configured upstream through the console proxy, unless NO_PROXY names it', () => {
    const settings = { 'npm-upstreaming': 'enabled' };
    const viaProxy = upstreamOf({ settings, proxy: proxySettings, upstreamUrls: { npm: 'https://registry.corp/npm/' } })!;
    expect(viaProxy.uplinks.upstream).toMatchObject({ url: 'https://registry.corp/npm/', https_proxy: 'http://proxy-user:p%40ss%3Aword@proxy.corp:3128' });
    expect(viaProxy.secrets).toEqual(expect.arrayContaining(['p@ss:word', 'http://proxy-user:p%40ss%3Aword@proxy.corp:3128']));
    const plain = upstreamOf({ settings, proxy: proxySettings, upstreamUrls: { npm: 'http://registry.corp:4873/' } })!;
    expect(plain.uplinks.upstream).toMatchObject({ http_proxy: 'http://plain.corp:8080' });
    expect(plain.secrets).toEqual([]);
    const bypassed = upstreamOf({ settings, proxy: proxySettings, upstreamUrls: { npm: 'https://mirror.corp/' } })!;
    expect(bypassed.uplinks.upstream).not.toHaveProperty('https_proxy');
    expect(bypassed.uplinks.upstream).not.toHaveProperty('http_proxy');
  });

  it('keeps the proxy password out of what the instance logs', () => {
    const rendered = NPM_SERVICE.render(input(s3, { settings: { 'npm-upstreaming': 'enabled' }, proxy: proxySettings }), paths, 4000);
    expect(configOf(rendered).uplinks.upstream.https_proxy).toBe('http://proxy-user:p%40ss%3Aword@proxy.corp:3128');
    expect(rendered.secrets).toEqual(expect.arrayContaining(['p@ss:word', 'p%40ss%3Aword']));
  });
});
