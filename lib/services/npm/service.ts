import 'server-only';
import path from 'node:path';
import type { ProxyEndpoint } from '@/lib/network/proxy-env';
import type { StorageBinding } from '@/lib/storage/binding';
import { callService, expectStatus } from '../http';
import type { PackagesService, RenderedFile, ServiceInput } from '../types';
import { deriveCredential } from '../supervisor/service-secret';
import { runNpmCanary } from './canary';
import { ACCESS_KEY_ENV, AZURE_CONNECTION_ENV, AZURE_PROXY_ENV, CANARY_USER, htpasswdLine, NPM_SCOPE, SECRET_KEY_ENV, storeSection, verdaccioConfig } from './config';
import { proxyUrlOf, upstreamOf } from './upstream';

// npm: Verdaccio 6.8 (scripts/services/), storing under packages-services/npm/ in the bucket or container:
// on S3's API with verdaccio-aws-s3-storage (aws-sdk v2, which limits what it supports), on Azure Blob's
// with this project's plugin (azure-storage-plugin/, built into the services' node_modules by
// scripts/services.sh install), which takes the proxy and the extra CAs itself.

/** The proxy the Azure plugin goes through: binding.proxied already applied NO_PROXY to the Blob endpoint. */
function azureProxy(binding: StorageBinding & { protocol: 'azure-blob-api' }, input: ServiceInput): ProxyEndpoint | null {
  if (!binding.proxied) return null;
  return binding.blobEndpoint.startsWith('http:') ? input.proxy.http : input.proxy.https;
}

export const NPM_SERVICE: PackagesService = {
  id: 'npm',
  storageScope: NPM_SCOPE,
  render(input, paths, port) {
    const { binding, mode } = input;
    const password = deriveCredential(paths.serviceSecret, 'canary-password');
    const env: Record<string, string> = {};
    const secrets = [password, ...paths.credentials.map((credential) => credential.secret)];
    const users = paths.credentials.map((credential) => htpasswdLine(credential.name, credential.secret));
    const files: RenderedFile[] = [{ name: 'htpasswd', content: [htpasswdLine(CANARY_USER, password), ...users].join('') }];
    // NODE_EXTRA_CA_CERTS adds the CAs to Node's roots for aws-sdk v2 and the uplink; the Azure plugin
    // also takes the file itself (its proxy agent is given its CAs explicitly).
    const caFile = binding.caPems.length > 0 ? path.join(paths.instanceDir, 'ca.pem') : null;
    if (caFile) {
      files.push({ name: 'ca.pem', content: binding.caPems.join('\n') });
      env.NODE_EXTRA_CA_CERTS = caFile;
    }
    let azureProxied = false;
    if (binding.protocol === 'azure-blob-api') {
      env[AZURE_CONNECTION_ENV] = binding.connectionString;
      secrets.push(...binding.secrets);
      const proxy = azureProxy(binding, input);
      if (proxy) {
        const proxyUrl = proxyUrlOf(proxy);
        env[AZURE_PROXY_ENV] = proxyUrl.url;
        secrets.push(...proxyUrl.secrets);
        azureProxied = true;
      }
    } else {
      env[ACCESS_KEY_ENV] = binding.accessKey;
      env[SECRET_KEY_ENV] = binding.secretKey;
      secrets.push(binding.accessKey, binding.secretKey);
    }
    const upstream = upstreamOf(input);
    if (upstream) secrets.push(...upstream.secrets);
    const store = storeSection(binding, { caFile, azureProxied });
    files.unshift({ name: 'config.yaml', content: verdaccioConfig({ store, mode, port, modulesDir: paths.modulesDir, upstream }) });
    return {
      files,
      env,
      argv: [path.join(paths.modulesDir, 'verdaccio/bin/verdaccio'), '--config', path.join(paths.instanceDir, 'config.yaml')],
      secrets: [...new Set(secrets.filter((value) => value !== ''))],
      client: { username: CANARY_USER, password },
    };
  },
  // The ping answers without the storage; a package lookup reads the bucket (a missing one is a 404, not a 500).
  async ready({ baseUrl, timeoutMs }) {
    expectStatus(await callService(`${baseUrl}/-/ping`, { timeoutMs }), 200, 'ping');
    expectStatus(await callService(`${baseUrl}/packages-console-readiness-probe`, { timeoutMs }), 404, 'package lookup');
  },
  canary: runNpmCanary,
};
