import 'server-only';
import path from 'node:path';
import { callService, expectStatus } from '../http';
import type { PackagesService, RenderedFile } from '../types';
import { deriveCredential } from '../supervisor/service-secret';
import { runNpmCanary } from './canary';
import { ACCESS_KEY_ENV, CANARY_USER, htpasswdLine, SECRET_KEY_ENV, verdaccioConfig } from './config';

// npm: Verdaccio 6.8 with verdaccio-aws-s3-storage (scripts/services/), storing under
// packages-services/npm/ in the bucket. The plugin is built on aws-sdk v2, which limits what it supports.

export const NPM_SERVICE: PackagesService = {
  id: 'npm',
  supports({ binding }) {
    // The Azure Blob storage plugin is a separate piece of work; until it ships, npm needs S3's API.
    if (binding.protocol !== 's3-api') return { ok: false, reason: 'storageTypeUnsupported', params: { service: 'npm' } };
    // aws-sdk v2 is given the access keys; it cannot assume a role or use the server's identity for us.
    if (binding.authMode !== 'keys') return { ok: false, reason: 'authModeUnsupported', params: { service: 'npm' } };
    // aws-sdk v2 sends requests to a proxy by absolute URI, without CONNECT: no HTTPS storage through a proxy.
    if (binding.proxied) return { ok: false, reason: 'proxyUnsupported', params: { service: 'npm' } };
    return { ok: true };
  },
  render({ binding, mode }, paths, port) {
    if (binding.protocol !== 's3-api') throw new Error('npm renders S3 storage only');
    const password = deriveCredential(paths.serviceSecret, 'canary-password');
    const files: RenderedFile[] = [
      { name: 'config.yaml', content: verdaccioConfig(binding, mode, port, paths.modulesDir) },
      { name: 'htpasswd', content: htpasswdLine(CANARY_USER, password) },
    ];
    const env: Record<string, string> = { [ACCESS_KEY_ENV]: binding.accessKey, [SECRET_KEY_ENV]: binding.secretKey };
    // aws-sdk v2 takes extra CAs only from NODE_EXTRA_CA_CERTS.
    if (binding.caPems.length > 0) {
      files.push({ name: 'ca.pem', content: binding.caPems.join('\n') });
      env.NODE_EXTRA_CA_CERTS = path.join(paths.instanceDir, 'ca.pem');
    }
    return {
      files,
      env,
      argv: [path.join(paths.modulesDir, 'verdaccio/bin/verdaccio'), '--config', path.join(paths.instanceDir, 'config.yaml')],
      secrets: [binding.accessKey, binding.secretKey, password].filter((value) => value !== ''),
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
