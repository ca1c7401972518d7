import 'server-only';
import { createHash } from 'node:crypto';
import { hashSync } from 'bcryptjs';
import type { S3ApiBinding } from '@/lib/storage/binding';
import { folderScope } from '../storage-scope';
import type { EcosystemMode } from '../types';

// The registry's config.yml. YAML is a superset of JSON, so it is written as JSON: no quoting rule to get
// wrong with a bucket or endpoint name. No secret is in it: the storage keys and the HTTP secret go in
// the child's environment (the registry reads REGISTRY_<SECTION>_<KEY> over the file), the password
// hashes in the 0600 htpasswd file beside it.

/** Where the registry keeps its objects in the bucket: `<KEY_PREFIX>docker/registry/v2/...`. */
export const REGISTRY_SCOPE = folderScope('container-registry');
export const KEY_PREFIX = REGISTRY_SCOPE.prefix;
export const REGISTRY_ROOT = `${KEY_PREFIX}docker/registry/v2/`;
export const CANARY_USER = 'packages-console-canary';
/** The internal account the front adds to credential-less pulls when anonymous pulls are on: never shown, never a push credential (the front refuses it on writes). */
export const ANONYMOUS_PULL_USER = 'packages-console-anonymous-pull';
/** The setting (by key suffix) that turns anonymous pulls on. */
export const ANONYMOUS_PULLS_SETTING = 'container-registry-anonymous-pulls';
export const ACCESS_KEY_ENV = 'REGISTRY_STORAGE_S3_ACCESSKEY';
export const SECRET_KEY_ENV = 'REGISTRY_STORAGE_S3_SECRETKEY';
export const HTTP_SECRET_ENV = 'REGISTRY_HTTP_SECRET';
// bcrypt's cost: about 70 ms per account in pure JavaScript at each render, and per login in the registry.
const BCRYPT_COST = 10;

// Each render would hash every account again, blocking the console's event loop for a while: the
// lines already made are kept in memory, by a digest of account and password (never the password).
const made = new Map<string, string>();

/** One htpasswd line in bcrypt, the only hash the registry's htpasswd accepts. */
export function htpasswdLine(user: string, password: string): string {
  const key = createHash('sha256').update(`${user}\0${password}`).digest('hex');
  let line = made.get(key);
  if (!line) {
    line = `${user}:${hashSync(password, BCRYPT_COST)}\n`;
    made.set(key, line);
  }
  return line;
}

export interface RegistryConfigOptions {
  binding: S3ApiBinding;
  mode: EcosystemMode;
  port: number;
  htpasswdFile: string;
}

export function registryConfig({ binding, mode, port, htpasswdFile }: RegistryConfigOptions): string {
  const config = {
    version: '0.1',
    log: { level: 'info', formatter: 'json' },
    storage: {
      s3: {
        ...(binding.endpoint ? { regionendpoint: binding.endpoint } : {}),
        forcepathstyle: binding.forcePathStyle,
        bucket: binding.bucket,
        region: binding.region,
        rootdirectory: `/${KEY_PREFIX.replace(/\/$/, '')}`,
      },
      // The canary deletes what it pushed through the API.
      delete: { enabled: true },
      // Blobs are served by the registry itself, through the front: clients never get a presigned
      // storage URL they may not be able to reach.
      redirect: { disable: true },
      // Read-Only in the registry too: no push even from behind the front.
      maintenance: { readonly: { enabled: mode === 'read-only' } },
    },
    auth: { htpasswd: { realm: 'Packages Console Container registry', path: htpasswdFile } },
    // Relative Location headers: the registry is reached through the front's address, not its own.
    http: { addr: `127.0.0.1:${port}`, relativeurls: true, headers: { 'X-Content-Type-Options': ['nosniff'] } },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
