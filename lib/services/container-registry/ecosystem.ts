import type { EcosystemSpec } from '../ecosystem';
import { modeField, optionField } from '../ecosystem';

// The Container registry (Docker and OCI images): Debian's CNCF distribution registry 2.8. Its S3
// driver reads static access keys only (no role to assume, no instance identity), and Debian builds it
// without the Azure driver ("no longer supported" in the package's NEWS). The console does not hand it
// the outbound proxy: its Go client would read HTTPS_PROXY/NO_PROXY by its own rules, not the console's.

export const CONTAINER_REGISTRY_MODE_FIELD = modeField('container-registry', 'containerRegistryMode');

// Anonymous pulls (app.packages.ecosystems.container-registry-anonymous-pulls): when the admin turns them
// on, a pull that carries no credential is served; pushes still need one (service.ts, the front).
export const CONTAINER_REGISTRY_ANONYMOUS_PULLS_FIELD = optionField('container-registry', 'anonymous-pulls', 'containerRegistryAnonymousPulls', { label: 'container-registry.anonymousPulls', help: 'container-registry.anonymousPullsHelp' });

export const CONTAINER_REGISTRY_ECOSYSTEM = {
  id: 'container-registry',
  mode: CONTAINER_REGISTRY_MODE_FIELD,
  options: [CONTAINER_REGISTRY_ANONYMOUS_PULLS_FIELD],
  supports({ protocol, authMode, proxied }) {
    if (protocol === 'azure-blob-api') return { ok: false, reason: 'storageDriverMissing', params: {} };
    if (protocol !== 's3-api') return { ok: false, reason: 'storageTypeUnsupported', params: {} };
    if (authMode !== 'keys') return { ok: false, reason: 'authModeUnsupported', params: {} };
    if (proxied) return { ok: false, reason: 'proxyUnsupported', params: {} };
    return { ok: true };
  },
  storageChangeNote: 'container-registry.storageChangeNote',
  // Clients name the registry by host and port; images by <host>/<repository>:<tag>.
  connect: [
    { messageKey: 'login', command: 'skopeo login {host}   # or: docker login {host}' },
    { messageKey: 'push', command: 'skopeo copy docker-archive:app.tar docker://{host}/team/app:1   # or: docker push {host}/team/app:1' },
    { messageKey: 'pull', command: 'skopeo copy docker://{host}/team/app:1 dir:app   # or: docker pull {host}/team/app:1' },
  ],
  // The registry answers its root with 200 without credentials (the API under /v2/ asks for them).
  healthPath: '/',
  // Push credentials are htpasswd users (bcrypt), as docker login and skopeo login expect.
  credentialKind: 'user',
} as const satisfies EcosystemSpec;
