import 'server-only';
import { createHash } from 'node:crypto';
import type { StorageBinding } from '@/lib/storage/binding';
import { folderScope } from '../storage-scope';
import type { EcosystemMode } from '../types';
import { UPLINK, type Upstream } from './upstream';

// Verdaccio's config.yaml. YAML is a superset of JSON, so it is written as JSON: no quoting rule to get
// wrong with a bucket or endpoint name. The storage secrets are not in it: each storage plugin reads a
// value naming an environment variable from that variable, and the environment is where the supervisor
// puts secrets.

/** Verdaccio's storage plugins write every object under it (the token secret's database included). */
export const NPM_SCOPE = folderScope('npm');
export const KEY_PREFIX = NPM_SCOPE.prefix;
export const ACCESS_KEY_ENV = 'NPM_STORE_S3_ACCESS_KEY_ID';
export const SECRET_KEY_ENV = 'NPM_STORE_S3_SECRET_ACCESS_KEY';
export const AZURE_CONNECTION_ENV = 'NPM_STORE_AZURE_CONNECTION_STRING';
export const AZURE_PROXY_ENV = 'NPM_STORE_AZURE_PROXY_URL';
export const CANARY_USER = 'packages-console-canary';
/** The canary's packages (`@console-canary/canary-<hex>`): a scope only the canary account may read or write. */
export const CANARY_SCOPE = '@console-canary';
/** The console's own packages (readiness probe, canary): always local, never asked of the upstream. */
export const CONSOLE_PACKAGES = 'packages-console-*';
/** Every request of the Azure plugin to the storage: its deadline and tries. */
const AZURE_TIMEOUT_MS = 30_000;
const AZURE_MAX_TRIES = 3;

/** htpasswd's {SHA} form: the password is random and long, and the file is 0600 in the data directory. */
export function htpasswdLine(user: string, password: string): string {
  return `${user}:{SHA}${createHash('sha1').update(password, 'utf8').digest('base64')}\n`;
}

export interface StoreOptions {
  /** The extra CAs' file (absolute), when the binding has any. */
  caFile: string | null;
  /** Whether the Azure plugin finds a proxy URL in AZURE_PROXY_ENV. */
  azureProxied: boolean;
}

/** The storage plugin's section under `store:`, by the protocol the storage speaks. */
export function storeSection(binding: StorageBinding, options: StoreOptions): Record<string, Record<string, unknown>> {
  if (binding.protocol === 'azure-blob-api') {
    return {
      'azure-blob-storage': {
        container: binding.container,
        keyPrefix: KEY_PREFIX,
        connectionStringEnv: AZURE_CONNECTION_ENV,
        timeoutMs: AZURE_TIMEOUT_MS,
        maxTries: AZURE_MAX_TRIES,
        ...(options.caFile ? { caFile: options.caFile } : {}),
        ...(options.azureProxied ? { proxyUrlEnv: AZURE_PROXY_ENV } : {}),
      },
    };
  }
  return {
    'aws-s3-storage': {
      bucket: binding.bucket,
      keyPrefix: KEY_PREFIX,
      region: binding.region,
      ...(binding.endpoint ? { endpoint: binding.endpoint } : {}),
      s3ForcePathStyle: binding.forcePathStyle,
      accessKeyId: ACCESS_KEY_ENV,
      secretAccessKey: SECRET_KEY_ENV,
    },
  };
}

export interface VerdaccioConfigOptions {
  store: Record<string, Record<string, unknown>>;
  mode: EcosystemMode;
  port: number;
  modulesDir: string;
  upstream: Upstream | null;
}

export function verdaccioConfig({ store, mode, port, modulesDir, upstream }: VerdaccioConfigOptions): string {
  // Read-only is enforced at the front for everyone; behind it only the console's canary account may
  // publish, so the canary can still prove the storage round trip.
  const publishers = mode === 'read-only' ? CANARY_USER : '$authenticated';
  const local = { access: '$all', publish: publishers, unpublish: publishers };
  // Upstreaming serves reads of what the storage lacks; publishing still writes to the storage only.
  const proxied = upstream ? { ...local, proxy: UPLINK } : local;
  // The canary's scope: no admin's account may publish there (a canary version is the console's proof,
  // not theirs to forge or remove) nor read it, and it is never asked of the upstream, upstreaming or not.
  const canary = { access: CANARY_USER, publish: CANARY_USER, unpublish: CANARY_USER };
  const config = {
    // No `storage:` path: without one, Verdaccio whose storage plugin is missing stops at start ("package
    // not found") instead of quietly keeping packages in a local folder that goes with the instance.
    plugins: modulesDir,
    store,
    // No sign-up: accounts are the console's to give (the canary's today).
    auth: { htpasswd: { file: './htpasswd', max_users: -1 } },
    uplinks: upstream?.uplinks ?? {},
    // Publishing checks the uplink for the name first; an unreachable upstream must not stop it.
    ...(upstream ? { publish: { allow_offline: true } } : {}),
    // Verdaccio takes the first rule that matches: the console's own before the generic ones.
    packages: { [CONSOLE_PACKAGES]: local, [`${CANARY_SCOPE}/*`]: canary, '@*/*': proxied, '**': proxied },
    web: { enable: false },
    listen: `127.0.0.1:${port}`,
    max_body_size: '200mb',
    log: { type: 'stdout', format: 'json', level: 'http' },
    server: { keepAliveTimeout: 60 },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
