import 'server-only';
import { createHash } from 'node:crypto';
import type { S3ApiBinding } from '@/lib/storage/binding';
import type { EcosystemMode } from '../types';

// Verdaccio's config.yaml. YAML is a superset of JSON, so it is written as JSON: no quoting rule to get
// wrong with a bucket or endpoint name. The keys are not in it: the S3 plugin reads a value naming an
// environment variable from that variable, and the environment is where the supervisor puts secrets.

export const KEY_PREFIX = 'packages-services/npm/';
export const ACCESS_KEY_ENV = 'NPM_STORE_S3_ACCESS_KEY_ID';
export const SECRET_KEY_ENV = 'NPM_STORE_S3_SECRET_ACCESS_KEY';
export const CANARY_USER = 'packages-console-canary';

/** htpasswd's {SHA} form: the password is random and long, and the file is 0600 in the data directory. */
export function htpasswdLine(user: string, password: string): string {
  return `${user}:{SHA}${createHash('sha1').update(password, 'utf8').digest('base64')}\n`;
}

export function verdaccioConfig(binding: S3ApiBinding, mode: EcosystemMode, port: number, modulesDir: string): string {
  // Read-only is enforced at the front for everyone; behind it only the console's canary account may
  // publish, so the canary can still prove the storage round trip.
  const publishers = mode === 'read-only' ? CANARY_USER : '$authenticated';
  const rule = { access: '$all', publish: publishers, unpublish: publishers };
  const config = {
    storage: './storage',
    plugins: modulesDir,
    store: {
      'aws-s3-storage': {
        bucket: binding.bucket,
        keyPrefix: KEY_PREFIX,
        region: binding.region,
        ...(binding.endpoint ? { endpoint: binding.endpoint } : {}),
        s3ForcePathStyle: binding.forcePathStyle,
        accessKeyId: ACCESS_KEY_ENV,
        secretAccessKey: SECRET_KEY_ENV,
      },
    },
    // No sign-up: accounts are the console's to give (the canary's today).
    auth: { htpasswd: { file: './htpasswd', max_users: -1 } },
    uplinks: {},
    packages: { '@*/*': rule, '**': rule },
    web: { enable: false },
    listen: `127.0.0.1:${port}`,
    max_body_size: '200mb',
    log: { type: 'stdout', format: 'json', level: 'http' },
    server: { keepAliveTimeout: 60 },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
