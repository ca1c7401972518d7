import { compareSync } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import type { StorageBinding } from '@/lib/storage/binding';
import { connectSteps } from '../catalog';
import { buildChildEnv } from '../supervisor/child-env';
import type { ServiceInput } from '../types';
import { canaryRepository } from './canary';
import { ANONYMOUS_PULL_USER, ANONYMOUS_PULLS_SETTING, CANARY_USER } from './config';
import { CONTAINER_REGISTRY_ECOSYSTEM } from './ecosystem';
import { CONTAINER_REGISTRY_SERVICE, REGISTRY_BINARY } from './service';

const s3: Extract<StorageBinding, { protocol: 's3-api' }> = {
  protocol: 's3-api',
  endpoint: 'https://rgw.example:7480',
  region: 'us-east-1',
  bucket: 'packages',
  forcePathStyle: true,
  authMode: 'keys',
  accessKey: 'AKIAEXAMPLE',
  secretKey: 'secret/with+chars',
  caPems: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
  proxied: false,
  secrets: ['AKIAEXAMPLE', 'secret/with+chars'],
};
const input = (binding: StorageBinding, mode: ServiceInput['mode'] = 'enabled'): ServiceInput => ({
  binding,
  mode,
  settings: {},
  proxy: parseProxySettings({}),
  upstreamUrls: {},
  openStorage: () => {
    throw new Error('not here');
  },
});
const credentials = [{ name: 'ci-bot', secret: 'A'.repeat(43) }];
const paths = { instanceDir: '/data/services/container-registry/i1', modulesDir: '/srv/modules', serviceSecret: 'a'.repeat(64), credentials };

describe('container registry service', () => {
  it('runs Debian’s registry binary with the config path only: keys and HTTP secret in the environment, passwords as bcrypt hashes', () => {
    const rendered = CONTAINER_REGISTRY_SERVICE.render(input(s3), paths, 4500);
    expect(rendered.executable).toBe(REGISTRY_BINARY);
    expect(rendered.argv).toEqual(['serve', '/data/services/container-registry/i1/config.yml']);
    const config = JSON.parse(rendered.files.find((file) => file.name === 'config.yml')!.content);
    expect(config.storage.s3).toEqual({ regionendpoint: s3.endpoint, forcepathstyle: true, bucket: 'packages', region: 'us-east-1', rootdirectory: '/packages-services/container-registry' });
    expect(config.storage.delete.enabled).toBe(true);
    expect(config.storage.maintenance.readonly.enabled).toBe(false);
    expect(config.http.addr).toBe('127.0.0.1:4500');
    expect(config.auth.htpasswd.path).toBe('/data/services/container-registry/i1/htpasswd');
    expect(rendered.env).toMatchObject({ REGISTRY_STORAGE_S3_ACCESSKEY: s3.accessKey, REGISTRY_STORAGE_S3_SECRETKEY: s3.secretKey, SSL_CERT_FILE: '/data/services/container-registry/i1/ca.pem' });
    expect(rendered.files.find((file) => file.name === 'ca.pem')!.content).toContain(s3.caPems[0]);
    const htpasswd = rendered.files.find((file) => file.name === 'htpasswd')!.content.trim().split('\n');
    expect(htpasswd.map((line) => line.slice(0, line.indexOf(':')))).toEqual([CANARY_USER, 'ci-bot']);
    expect(htpasswd[0]).toMatch(/^[^:]+:\$2[aby]\$10\$/);
    expect(compareSync(rendered.client.password!, htpasswd[0]!.slice(htpasswd[0]!.indexOf(':') + 1))).toBe(true);
    expect(compareSync(credentials[0]!.secret, htpasswd[1]!.slice(htpasswd[1]!.indexOf(':') + 1))).toBe(true);
    const shown = JSON.stringify({ files: rendered.files, argv: rendered.argv, executable: rendered.executable });
    for (const secret of [s3.accessKey, s3.secretKey, rendered.client.password!, credentials[0]!.secret, rendered.env.REGISTRY_HTTP_SECRET!]) {
      expect(shown).not.toContain(secret);
      expect(rendered.secrets).toContain(secret);
    }
  });

  it('gets an environment built from scratch: the console’s AWS_CA_BUNDLE, AWS keys and proxy never reach it', () => {
    const rendered = CONTAINER_REGISTRY_SERVICE.render(input({ ...s3, caPems: [] }), paths, 4500);
    expect(rendered.env.SSL_CERT_FILE).toBeUndefined();
    const parent = { PATH: '/usr/bin', AWS_CA_BUNDLE: '/etc/ca.pem', AWS_SECRET_ACCESS_KEY: 'console-own', HTTPS_PROXY: 'http://proxy:3128', CONSOLE_ROOT_PASSWORD: 'x' };
    const env = buildChildEnv(rendered.env, paths.instanceDir, parent);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'NODE_ENV', 'PATH', 'REGISTRY_HTTP_SECRET', 'REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY']);
  });

  it('turns the registry’s own read-only switch on in Read-Only, keeps the canary’s password and HTTP secret across instances', () => {
    const readOnly = CONTAINER_REGISTRY_SERVICE.render(input(s3, 'read-only'), paths, 4501);
    expect(JSON.parse(readOnly.files[0]!.content).storage.maintenance.readonly.enabled).toBe(true);
    const other = CONTAINER_REGISTRY_SERVICE.render(input(s3), paths, 4502);
    expect(readOnly.client.password).toBe(other.client.password);
    expect(readOnly.env.REGISTRY_HTTP_SECRET).toBe(other.env.REGISTRY_HTTP_SECRET);
    expect(CONTAINER_REGISTRY_SERVICE.render(input(s3), { ...paths, serviceSecret: 'b'.repeat(64) }, 4502).client.password).not.toBe(other.client.password);
  });

  it('with anonymous pulls on, adds an internal pull account the front uses for credential-less pulls, never shown', () => {
    expect(CONTAINER_REGISTRY_SERVICE.render(input(s3), paths, 4500).anonymousRead).toBeUndefined();
    const on = (port: number) => CONTAINER_REGISTRY_SERVICE.render({ ...input(s3), settings: { [ANONYMOUS_PULLS_SETTING]: 'enabled' } }, paths, port);
    const rendered = on(4500);
    const { authorization, challengePaths } = rendered.anonymousRead!;
    expect(challengePaths).toContain('/v2/');
    const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    expect(decoded.slice(0, decoded.indexOf(':'))).toBe(ANONYMOUS_PULL_USER);
    expect(password.length).toBeGreaterThanOrEqual(32);
    const htpasswd = rendered.files.find((file) => file.name === 'htpasswd')!.content.trim().split('\n');
    const line = htpasswd.find((entry) => entry.startsWith(`${ANONYMOUS_PULL_USER}:`))!;
    expect(compareSync(password, line.slice(line.indexOf(':') + 1))).toBe(true);
    expect(rendered.secrets).toEqual(expect.arrayContaining([password, authorization]));
    expect(JSON.stringify({ files: rendered.files, argv: rendered.argv, env: rendered.env })).not.toContain(password);
    // The same on every instance of this service, another on another console's.
    expect(on(4501).anonymousRead!.authorization).toBe(authorization);
    expect(CONTAINER_REGISTRY_SERVICE.render({ ...input(s3), settings: { [ANONYMOUS_PULLS_SETTING]: 'enabled' } }, { ...paths, serviceSecret: 'b'.repeat(64) }, 4500).anonymousRead!.authorization).not.toBe(authorization);
    expect(CONTAINER_REGISTRY_SERVICE.render({ ...input(s3), settings: { [ANONYMOUS_PULLS_SETTING]: 'disabled' } }, paths, 4500).files.find((file) => file.name === 'htpasswd')!.content).not.toContain(ANONYMOUS_PULL_USER);
  });

  it('names AWS’s own endpoint by region only', () => {
    const rendered = CONTAINER_REGISTRY_SERVICE.render(input({ ...s3, endpoint: '', forcePathStyle: false, region: 'eu-west-3' }), paths, 4500);
    expect(JSON.parse(rendered.files[0]!.content).storage.s3).toEqual({ forcepathstyle: false, bucket: 'packages', region: 'eu-west-3', rootdirectory: '/packages-services/container-registry' });
  });
});

describe('container registry ecosystem', () => {
  it('serves S3 with access keys only: Azure has no driver, roles, instance identity and the proxy are refused', () => {
    const supports = CONTAINER_REGISTRY_ECOSYSTEM.supports;
    expect(supports({ protocol: 's3-api', authMode: 'keys', proxied: false })).toEqual({ ok: true });
    expect(supports({ protocol: 'azure-blob-api', authMode: 'connection-string', proxied: false })).toMatchObject({ ok: false, reason: 'storageDriverMissing' });
    expect(supports({ protocol: 's3-api', authMode: 'assume-role', proxied: false })).toMatchObject({ ok: false, reason: 'authModeUnsupported' });
    expect(supports({ protocol: 's3-api', authMode: 'instance', proxied: false })).toMatchObject({ ok: false, reason: 'authModeUnsupported' });
    expect(supports({ protocol: 's3-api', authMode: 'keys', proxied: true })).toMatchObject({ ok: false, reason: 'proxyUnsupported' });
    expect(supports({ protocol: 'other-api', authMode: 'keys', proxied: false })).toMatchObject({ ok: false, reason: 'storageTypeUnsupported' });
  });

  it('tells users the registry by host and port, and keeps the canary in a valid reserved repository', () => {
    const commands = connectSteps('container-registry', 'http://registry.corp.example:4875').map((step) => step.command);
    expect(commands[0]).toContain('skopeo login registry.corp.example:4875');
    expect(commands.join('\n')).not.toContain('http://');
    expect(canaryRepository('Run_0123/ABC')).toBe('console-canary/canary-run-0123-abc');
    expect(canaryRepository(undefined)).toMatch(/^console-canary\/canary-[0-9a-f]{12}$/);
  });
});
