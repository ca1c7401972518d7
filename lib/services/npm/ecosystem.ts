import type { EcosystemSpec } from '../ecosystem';
import { modeField, optionField } from '../ecosystem';

// npm (Verdaccio). Its S3 plugin is built on aws-sdk v2: given the access keys, it cannot assume a role
// or use the server's identity, and it sends requests to a proxy by absolute URI, without CONNECT, so
// no HTTPS storage through a proxy. On Azure it uses this project's plugin (connection string).

export const NPM_MODE_FIELD = modeField('npm', 'npmMode');

export const NPM_UPSTREAMING_FIELD = optionField('npm', 'upstreaming', 'npmUpstreaming', { label: 'npm.upstreaming', help: 'npm.upstreamingHelp' });

export const NPM_ECOSYSTEM = {
  id: 'npm',
  mode: NPM_MODE_FIELD,
  options: [NPM_UPSTREAMING_FIELD],
  supports({ protocol, authMode, proxied }) {
    if (protocol !== 's3-api' && protocol !== 'azure-blob-api') return { ok: false, reason: 'storageTypeUnsupported', params: {} };
    if (protocol === 's3-api' && authMode !== 'keys') return { ok: false, reason: 'authModeUnsupported', params: {} };
    if (protocol === 's3-api' && proxied) return { ok: false, reason: 'proxyUnsupported', params: {} };
    return { ok: true };
  },
  // Verdaccio keeps its token-signing secret and its package list in the storage.
  storageChangeNote: 'npm.storageChangeNote',
  connect: [
    { messageKey: 'registry', command: 'npm config set registry {url}' },
    { messageKey: 'adduser', command: 'npm adduser --registry {url}' },
  ],
  credentialKind: 'user',
  healthPath: '/-/ping',
} as const satisfies EcosystemSpec;
