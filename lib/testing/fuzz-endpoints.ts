import type { Field } from './bad-payloads';

// The mutating endpoints the fuzz test hits, each with a valid body to break and the answers a broken
// body may get. The service URL is a closed loopback port: even a body that were valid by mistake
// could never make the console reach out beyond 127.0.0.1.

export interface FuzzEndpoint {
  method: 'PUT' | 'POST';
  path: string;
  base: Record<string, unknown>;
  fields: Field[];
  allowedStatuses: number[];
}

const settingsBase = {
  enabled: true,
  serviceUrl: 'http://127.0.0.1:9',
  bucket: 'ghe-packages',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  pathStyle: 'path',
  version: 0,
};

const settingsFields: Field[] = [
  { name: 'enabled', kind: 'boolean' },
  { name: 'serviceUrl', kind: 'string', invalidValues: ['not a url', 'ftp://127.0.0.1', 'http://s3.example.com', 'https://user:pw@127.0.0.1', 'http://127.0.0.1/?q=1', 'http://127.0.0.1/path', 'javascript:alert(1)', ''] },
  { name: 'bucket', kind: 'string', lookalikeInvalid: true, invalidValues: ['<script>alert(1)</script>', 'Bad_Bucket', 'ab', '192.168.0.1', 'xn--bucket', 'a..b', '-bucket', ''] },
  { name: 'accessKey', kind: 'string', lookalikeInvalid: true, invalidValues: ['ab', 'has space in it 000', ''] },
  { name: 'secretKey', kind: 'string', invalidValues: ['s'.repeat(257)] },
  { name: 'region', kind: 'string', lookalikeInvalid: true, invalidValues: ['US-EAST-1', 'us_east_1', '-x', 'r'.repeat(40)] },
  { name: 'pathStyle', kind: 'string', lookalikeInvalid: true, invalidValues: ['Path', 'both', ''] },
  { name: 'version', kind: 'int' },
  { name: 'confirmStorageChange', kind: 'boolean' },
];

export const FUZZ_ENDPOINTS: FuzzEndpoint[] = [
  { method: 'PUT', path: '/api/settings/packages', base: settingsBase, fields: settingsFields, allowedStatuses: [400, 413, 415, 422] },
  // The check always tests storage as if enabled (it overrides `enabled`), so that field is not broken there.
  { method: 'POST', path: '/api/settings/packages/check', base: settingsBase, fields: settingsFields.filter((f) => f.name !== 'enabled'), allowedStatuses: [400, 413, 415, 422] },
  {
    method: 'POST',
    path: '/api/auth/login',
    base: { password: 'not the root password', next: '/en/settings/packages' },
    fields: [{ name: 'password', kind: 'string' }, { name: 'next', kind: 'string' }],
    // A control character or look-alike in a password is still a (wrong) password: 401, then 429 once locked.
    allowedStatuses: [400, 401, 413, 415, 422, 429],
  },
  {
    method: 'POST',
    path: '/api/auth/setup',
    base: { token: 'A'.repeat(43), password: 'a long enough password', confirmPassword: 'a long enough password' },
    fields: [{ name: 'token', kind: 'string' }, { name: 'password', kind: 'string' }, { name: 'confirmPassword', kind: 'string' }],
    allowedStatuses: [400, 409, 413, 415, 422], // 409: the password is already set, whatever the body
  },
  { method: 'POST', path: '/api/auth/logout', base: { locale: 'en' }, fields: [{ name: 'locale', kind: 'string' }], allowedStatuses: [303] },
];
