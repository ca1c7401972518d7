import 'server-only';
import path from 'node:path';
import { expectStatus } from '../http';
import type { PackagesService, RenderedFile, RenderedService } from '../types';
import { deriveCredential } from '../supervisor/service-secret';
import { runRegistryCanary } from './canary';
import { RegistryClient } from './client';
import { ACCESS_KEY_ENV, ANONYMOUS_PULL_USER, ANONYMOUS_PULLS_SETTING, CANARY_USER, HTTP_SECRET_ENV, htpasswdLine, REGISTRY_SCOPE, registryConfig, SECRET_KEY_ENV } from './config';

// The Container registry: Debian's docker-registry 2.8 (the CNCF distribution registry, installed by
// scripts/services.sh), a Go binary run as it is, on S3's API only (ecosystem.ts refuses the rest).
// Its environment is the supervisor's from-scratch one plus what is set here: with the console's
// AWS_CA_BUNDLE it would panic at start (LoadCustomCABundleError); the trusted CAs reach its Go TLS
// client through SSL_CERT_FILE instead (Go still reads the system's certificate directories).
// Its htpasswd auth is all or nothing: anonymous pulls are an internal account in the htpasswd file whose
// Basic credential the front adds to credential-less pulls only (anonymousRead, supervisor/front-rules.ts).

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export const CONTAINER_REGISTRY_SERVICE: PackagesService = {
  id: 'container-registry',
  storageScope: REGISTRY_SCOPE,
  render(input, paths, port): RenderedService {
    const { binding, mode } = input;
    if (binding.protocol !== 's3-api') throw new Error('the container registry has no storage driver for this storage type');
    const password = deriveCredential(paths.serviceSecret, 'canary-password');
    // The same on every instance: an upload begun on the old instance can end on the new one.
    const httpSecret = deriveCredential(paths.serviceSecret, 'http-secret');
    // Derived, as the canary's: the same on every instance, so a pull that spans a switch keeps working.
    const anonymous = input.settings[ANONYMOUS_PULLS_SETTING] === 'enabled' ? deriveCredential(paths.serviceSecret, 'anonymous-pull-password') : null;
    const accounts: [string, string][] = [[CANARY_USER, password], ...paths.credentials.map((credential): [string, string] => [credential.name, credential.secret])];
    if (anonymous) accounts.push([ANONYMOUS_PULL_USER, anonymous]);
    const htpasswd = accounts.map(([user, secret]) => htpasswdLine(user, secret)).join('');
    const htpasswdFile = path.join(paths.instanceDir, 'htpasswd');
    const files: RenderedFile[] = [
      { name: 'config.yml', content: registryConfig({ binding, mode, port, htpasswdFile }) },
      { name: 'htpasswd', content: htpasswd },
    ];
    const env: Record<string, string> = { [ACCESS_KEY_ENV]: binding.accessKey, [SECRET_KEY_ENV]: binding.secretKey, [HTTP_SECRET_ENV]: httpSecret };
    if (binding.caPems.length > 0) {
      files.push({ name: 'ca.pem', content: `${binding.caPems.join('\n')}\n` });
      env.SSL_CERT_FILE = path.join(paths.instanceDir, 'ca.pem');
    }
    const anonymousAuthorization = anonymous ? `Basic ${Buffer.from(`${ANONYMOUS_PULL_USER}:${anonymous}`).toString('base64')}` : null;
    const secrets = [password, httpSecret, ...(anonymous && anonymousAuthorization ? [anonymous, anonymousAuthorization] : []), ...binding.secrets, binding.accessKey, binding.secretKey, ...paths.credentials.map((credential) => credential.secret)];
    return {
      files,
      env,
      executable: REGISTRY_BINARY,
      argv: ['serve', path.join(paths.instanceDir, 'config.yml')],
      secrets: [...new Set(secrets.filter((value) => value !== ''))],
      client: { username: CANARY_USER, password },
      // The API ping still challenges a client without a credential: docker and skopeo send their credentials
      // (on pushes too) only to a registry whose ping asked for them.
      ...(anonymousAuthorization ? { anonymousRead: { authorization: anonymousAuthorization, challengePaths: ['/v2/', '/v2'] } } : {}),
    };
  },
  // /v2/ with the canary's account proves the htpasswd file; the repository list reads the bucket
  // (keys that cannot list it answer 500).
  async ready({ baseUrl, rendered, timeoutMs }) {
    const client = new RegistryClient(baseUrl, rendered.client, timeoutMs);
    expectStatus(await client.call('/v2/'), 200, 'API version check');
    expectStatus(await client.call('/v2/_catalog?n=1'), 200, 'repository list');
  },
  canary: runRegistryCanary,
};
