import { describe, expect, it } from 'vitest';
import { parseProxySettings, type ProxySettings } from '@/lib/network/proxy-env';
import type { StorageBinding } from '@/lib/storage/binding';
import type { ServiceInput } from '../types';
import { ANONYMOUS_READS_SETTING, BUILD_CACHE_SERVICE } from '../build-cache/service';
import { CANARY_USER, htpasswdLine } from './config';
import { NPM_SERVICE } from './service';

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
const azure: Extract<StorageBinding, { protocol: 'azure-blob-api' }> = {
  protocol: 'azure-blob-api',
  connectionString: 'AccountName=a;AccountKey=c2VjcmV0a2V5;BlobEndpoint=https://a.blob.core.windows.net',
  blobEndpoint: 'https://a.blob.core.windows.net',
  container: 'c',
  caPems: [],
  proxied: false,
  secrets: ['AccountName=a;AccountKey=c2VjcmV0a2V5;BlobEndpoint=https://a.blob.core.windows.net', 'c2VjcmV0a2V5'],
};
const NO_PROXY: ProxySettings = parseProxySettings({});
const input = (binding: StorageBinding, mode: ServiceInput['mode'] = 'enabled', more: Partial<ServiceInput> = {}): ServiceInput => ({
  binding,
  mode,
  settings: {},
  proxy: NO_PROXY,
  upstreamUrls: {},
  openStorage: () => {
    throw new Error('not here');
  },
  ...more,
});
const paths = { instanceDir: '/data/services/npm/i1', modulesDir: '/srv/modules', serviceSecret: 'a'.repeat(64), credentials: [] };

describe('npm service', () => {
  it('renders Verdaccio with the keys in the environment only, never in a file or the argv', () => {
    const rendered = NPM_SERVICE.render(input(s3), paths, 4000);
    const config = JSON.parse(rendered.files.find((file) => file.name === 'config.yaml')!.content);
    expect(Object.keys(config.store)).toEqual(['aws-s3-storage']);
    expect(config.store['aws-s3-storage']).toMatchObject({ bucket: 'packages', endpoint: 'https://rgw.example:7480', s3ForcePathStyle: true, keyPrefix: 'packages-services/npm/' });
    expect(config.listen).toBe('127.0.0.1:4000');
    expect(config.packages['**'].publish).toBe('$authenticated');
    const text = JSON.stringify({ files: rendered.files, argv: rendered.argv });
    for (const secret of [s3.accessKey, s3.secretKey, rendered.client.password!]) expect(text).not.toContain(secret);
    expect(Object.values(rendered.env)).toContain(s3.secretKey);
    expect(rendered.env.NODE_EXTRA_CA_CERTS).toBe('/data/services/npm/i1/ca.pem');
    expect(rendered.secrets).toEqual(expect.arrayContaining([s3.accessKey, s3.secretKey, rendered.client.password]));
  });

  it('lets only the canary account publish behind the front in Read-Only, with the same password in every instance', () => {
    const readOnly = NPM_SERVICE.render(input(s3, 'read-only'), paths, 4001);
    const config = JSON.parse(readOnly.files[0]!.content);
    expect(config.packages['**']).toEqual({ access: '$all', publish: CANARY_USER, unpublish: CANARY_USER });
    expect(readOnly.client.password).toBe(NPM_SERVICE.render(input(s3), paths, 4002).client.password);
    expect(readOnly.client.password).not.toBe(NPM_SERVICE.render(input(s3), { ...paths, serviceSecret: 'b'.repeat(64) }, 4002).client.password);
  });
});

describe('build cache service', () => {
  it('renders S3 and Azure storage in the environment, with a token derived from the service secret', () => {
    const onS3 = BUILD_CACHE_SERVICE.render(input(s3), paths, 4100);
    expect(onS3.env).toMatchObject({ STORAGE_PROVIDER: 'S3', STORAGE_PATH: 'packages', S3_ENDPOINT: s3.endpoint, HOST: '127.0.0.1', PORT: '4100', AUTH_MODE: 'static' });
    const onAzure = BUILD_CACHE_SERVICE.render(input(azure), paths, 4101);
    expect(onAzure.env).toMatchObject({ STORAGE_PROVIDER: 'azure-blob-storage', STORAGE_PATH: 'c', ABS_CONNECTION_STRING: azure.connectionString });
    expect(onAzure.secrets).toEqual(expect.arrayContaining([azure.connectionString, 'c2VjcmV0a2V5', onAzure.client.bearerToken]));
    expect(onAzure.client.bearerToken).toBe(onS3.client.bearerToken);
    expect(onS3.argv.join(' ')).not.toContain(onS3.client.bearerToken!);
  });
});

describe('admins\' credentials', () => {
  const credentials = [
    { name: 'ci-bot', secret: 'A'.repeat(43) },
    { name: 'release.team', secret: 'B'.repeat(43) },
  ];
  const withCredentials = { ...paths, credentials };

  it('npm: one htpasswd line per credential after the canary, never a secret in clear in a file', () => {
    const rendered = NPM_SERVICE.render(input(s3), withCredentials, 4000);
    const htpasswd = rendered.files.find((file) => file.name === 'htpasswd')!.content;
    expect(htpasswd.split('\n').filter(Boolean).map((line) => line.slice(0, line.indexOf(':')))).toEqual([CANARY_USER, 'ci-bot', 'release.team']);
    expect(htpasswd).toContain(htpasswdLine('ci-bot', credentials[0]!.secret));
    const text = JSON.stringify({ files: rendered.files, argv: rendered.argv, env: rendered.env });
    for (const { secret } of credentials) expect(text).not.toContain(secret);
    expect(rendered.secrets).toEqual(expect.arrayContaining(credentials.map((credential) => credential.secret)));
    expect(rendered.client.username).toBe(CANARY_USER);
  });

  it('build cache: TURBO_TOKEN lists the console token then each credential, comma-separated; all are secrets', () => {
    const rendered = BUILD_CACHE_SERVICE.render(input(s3), withCredentials, 4100);
    expect(rendered.env.TURBO_TOKEN!.split(',')).toEqual([rendered.client.bearerToken, ...credentials.map((credential) => credential.secret)]);
    expect(rendered.secrets).toEqual(expect.arrayContaining([rendered.client.bearerToken, ...credentials.map((credential) => credential.secret)]));
    expect(BUILD_CACHE_SERVICE.render(input(s3), paths, 4100).env.TURBO_TOKEN).toBe(rendered.client.bearerToken);
  });

  it('build cache: with anonymous downloads on, one more internal token, the front’s, is accepted and kept secret', () => {
    expect(BUILD_CACHE_SERVICE.render(input(s3), paths, 4100).anonymousRead).toBeUndefined();
    const rendered = BUILD_CACHE_SERVICE.render({ ...input(s3), settings: { [ANONYMOUS_READS_SETTING]: 'enabled' } }, paths, 4100);
    const readToken = rendered.anonymousRead!.authorization.replace(/^Bearer /, '');
    expect(rendered.env.TURBO_TOKEN!.split(',')).toEqual([rendered.client.bearerToken, readToken]);
    expect(readToken).not.toBe(rendered.client.bearerToken);
    expect(rendered.secrets).toContain(readToken);
  });
});
