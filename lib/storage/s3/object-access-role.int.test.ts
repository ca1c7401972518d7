import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '@/lib/migration';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { allowRoleCalls, createRole, deleteRole, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';
import { s3ObjectAccess } from './binding';

// The console's own object access (a storage move's copy, the canaries) with an assumed role, against
// the Ceph STS gateway: the bucket grants the probe user nothing, so only the role's credentials pass.

const ACTIONS = ['s3:ListBucket', 's3:PutObject', 's3:GetObject', 's3:DeleteObject'];
const bucket = bucketName('access-role');
let owner: S3Client;
let role: TestRole;

const access = (authMode: 'keys' | 'assume-role', roleArn = '') => {
  const probe = s3Env.user('PROBE');
  const values = { serviceUrl: stsTestEndpoint(), bucket, accessKey: probe.accessKey, secretKey: probe.secretKey, region: '', pathStyle: 'auto', authMode, roleArn, externalId: '' };
  return s3ObjectAccess(values, { proxy: parseProxySettings({}), timeoutMs: 5000 });
};

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket, { noGrant: true });
  await allowRoleCalls('probe');
  role = await createRole('access', ['arn:aws:iam:::user/probe'], ACTIONS);
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (role) await deleteRole(role);
});

describe('S3 object access with an assumed role', () => {
  it('writes, lists, reads and removes with the role, where the keys alone are refused', async () => {
    const withKeys = access('keys');
    const refused = await withKeys.list('').then(
      () => null,
      (error: unknown) => classify(error).code,
    );
    expect(refused).toBe('denied');
    withKeys.close();

    const withRole = access('assume-role', role.arn);
    try {
      const body = Buffer.from('moved with an assumed role');
      await withRole.write('npm/a.tgz', Readable.from([body]), { size: body.length, contentType: 'application/octet-stream', metadata: {} });
      expect(await withRole.list('npm/')).toEqual(['npm/a.tgz']);
      expect((await withRole.read('npm/a.tgz')).equals(body)).toBe(true);
      await withRole.remove('npm/a.tgz');
      expect(await withRole.list('npm/')).toEqual([]);
    } finally {
      withRole.close();
    }
  });

  it('names a role it cannot assume as refused, before any request to the bucket', async () => {
    const unknown = access('assume-role', role.arn.replace(/[^/]+$/, 'no-such-role'));
    try {
      const code = await unknown.list('').then(
        () => null,
        (error: unknown) => classify(error).code,
      );
      expect(code).toBe('denied');
    } finally {
      unknown.close();
    }
  });
});
