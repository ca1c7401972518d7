import type { EcosystemSpec } from '../ecosystem';
import { modeField, optionField } from '../ecosystem';

// The build cache (turborepo-remote-cache): S3 with access keys, or Azure with a connection string.
// Neither SDK it uses is given the console's proxy agents: through a proxy it would bypass NO_PROXY
// and the trusted CAs, so proxied storage is refused.

export const BUILD_CACHE_MODE_FIELD = modeField('build-cache', 'buildCacheMode');

// Anonymous downloads (app.packages.ecosystems.build-cache-anonymous-reads): when the admin turns them on,
// an artifact GET or HEAD without a token is served; uploads still need a token (service.ts, the front).
export const BUILD_CACHE_ANONYMOUS_READS_FIELD = optionField('build-cache', 'anonymous-reads', 'buildCacheAnonymousReads', { label: 'build-cache.anonymousReads', help: 'build-cache.anonymousReadsHelp' });

export const BUILD_CACHE_ECOSYSTEM = {
  id: 'build-cache',
  mode: BUILD_CACHE_MODE_FIELD,
  options: [BUILD_CACHE_ANONYMOUS_READS_FIELD],
  supports({ protocol, authMode, proxied }) {
    if (protocol !== 's3-api' && protocol !== 'azure-blob-api') return { ok: false, reason: 'storageTypeUnsupported', params: {} };
    if (protocol === 's3-api' && authMode !== 'keys') return { ok: false, reason: 'authModeUnsupported', params: {} };
    if (proxied) return { ok: false, reason: 'proxyUnsupported', params: {} };
    return { ok: true };
  },
  storageChangeNote: 'build-cache.storageChangeNote',
  // The cache keeps artifacts per team (TURBO_TEAM); the token is never shown in a command.
  connect: [
    { messageKey: 'api', command: 'export TURBO_API={url}' },
    { messageKey: 'team', command: 'export TURBO_TEAM=<team>' },
    { messageKey: 'token', command: 'export TURBO_TOKEN=<token>' },
  ],
  credentialKind: 'token',
  healthPath: '/v8/artifacts/status',
} as const satisfies EcosystemSpec;
