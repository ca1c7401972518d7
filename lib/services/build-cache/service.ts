import 'server-only';
import path from 'node:path';
import { callService, expectStatus } from '../http';

import { rootScope } from '../storage-scope';
import type { PackagesService, RenderedService } from '../types';
import { deriveCredential } from '../supervisor/service-secret';
import { runBuildCacheCanary, STORED } from './canary';

// The build cache: turborepo-remote-cache 2.12 (scripts/services/), on S3's API (path style, as it
// forces) or Azure Blob's, authenticated by a bearer token generated for each instance. Its tokens are
// all or nothing: anonymous downloads are one more internal token the front adds to token-less GET and
// HEAD requests only (anonymousRead, supervisor/front-rules.ts).

/** The setting (by key suffix) that turns anonymous downloads on. */
export const ANONYMOUS_READS_SETTING = 'build-cache-anonymous-reads';

const READINESS_TEAM = 'packages-console-readiness';
const READINESS_ID = 'ready';
const READINESS_BYTES = Buffer.from('packages console readiness probe\n');

function storageEnv(input: Parameters<PackagesService['render']>[0]): Record<string, string> {
  const { binding } = input;
  if (binding.protocol === 'azure-blob-api') {
    return { STORAGE_PROVIDER: 'azure-blob-storage', STORAGE_PATH: binding.container, ABS_CONNECTION_STRING: binding.connectionString };
  }
  return {
    STORAGE_PROVIDER: 'S3',
    STORAGE_PATH: binding.bucket,
    S3_ACCESS_KEY: binding.accessKey,
    S3_SECRET_KEY: binding.secretKey,
    S3_REGION: binding.region,
    ...(binding.endpoint ? { S3_ENDPOINT: binding.endpoint } : {}),
  };
}

function secretsOf(input: Parameters<PackagesService['render']>[0], token: string): string[] {
  return [...input.binding.secrets, token].filter((value) => value !== '');
}

export const BUILD_CACHE_SERVICE: PackagesService = {
  id: 'build-cache',
  // turborepo-remote-cache has no key prefix option: it writes <team>/<hash> at the root of the bucket or container.
  storageScope: rootScope(),
  render(input, paths, port): RenderedService {
    const token = deriveCredential(paths.serviceSecret, 'turbo-token');
    const readToken = input.settings[ANONYMOUS_READS_SETTING] === 'enabled' ? deriveCredential(paths.serviceSecret, 'anonymous-read-token') : null;
    const env: Record<string, string> = {
      ...storageEnv(input),
      HOST: '127.0.0.1',
      PORT: String(port),
      AUTH_MODE: 'static',
      // Comma-separated: the cache's env schema splits TURBO_TOKEN on "," into the accepted tokens.
      TURBO_TOKEN: [token, ...paths.credentials.map((credential) => credential.secret), ...(readToken ? [readToken] : [])].join(','),
      LOG_LEVEL: 'info',
      ENABLE_STATUS_LOG: 'false',
    };
    const files = [];
    if (input.binding.caPems.length > 0) {
      files.push({ name: 'ca.pem', content: input.binding.caPems.join('\n') });
      env.NODE_EXTRA_CA_CERTS = path.join(paths.instanceDir, 'ca.pem');
    }
    return {
      files,
      env,
      argv: [path.join(paths.modulesDir, 'turborepo-remote-cache/dist/cli.js')],
      secrets: [...secretsOf(input, token), ...paths.credentials.map((credential) => credential.secret), ...(readToken ? [readToken] : [])],
      client: { bearerToken: token },
      ...(readToken ? { anonymousRead: { authorization: `Bearer ${readToken}` } } : {}),
    };
  },
  // /v8/artifacts/status answers 200 even with wrong storage keys: only a write and a read prove it.
  // One small fixed object (packages-console-readiness/ready) is overwritten each time.
  async ready({ baseUrl, rendered, timeoutMs }) {
    const url = `${baseUrl}/v8/artifacts/${READINESS_ID}?slug=${READINESS_TEAM}`;
    const headers = { authorization: `Bearer ${rendered.client.bearerToken}` };
    expectStatus(await callService(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: READINESS_BYTES, timeoutMs }), STORED, 'artifact write');
    const read = await callService(url, { headers, timeoutMs });
    expectStatus(read, 200, 'artifact read');
    if (!read.body.equals(READINESS_BYTES)) throw new Error('artifact read: the bytes differ');
  },
  canary: runBuildCacheCanary,
};
