import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { containerCredentialsEndpoint, type LoopbackEndpoint } from '@/lib/testing/credential-endpoints';
import { allStatuses, bucketName, createBucket, leftovers, ownerClient, removeBucket, s3Env, statuses } from '@/lib/testing/s3-int-support';
import { allowRoleCalls, createRole, deleteRole, issueRoleCredentials, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';
import { S3_PERMISSIONS } from '../type';
import { runStorageCheck } from './run-storage-check';
import type { StorageTarget } from './target';

// The whole storage check with credentials from a role or the server's identity, against the Ceph
// STS gateway (S3_TEST_STS_ENDPOINT): the seven rows run with the role's temporary credentials.

const SEVEN = [...S3_PERMISSIONS];
const CHAIN_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
const saved = Object.fromEntries(CHAIN_VARIABLES.map((name) => [name, process.env[name]]));

function chainEnvironment(variables: Record<string, string>): void {
  for (const name of CHAIN_VARIABLES) delete process.env[name];
  Object.assign(process.env, { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_EC2_METADATA_DISABLED: 'true' }, variables);
}

let owner: S3Client;
let bucket: string;
let allowed: TestRole;
let withoutListUploads: TestRole;
const endpoints: LoopbackEndpoint[] = [];

function target(overrides: Partial<StorageTarget>): StorageTarget {
  return { serviceUrl: stsTestEndpoint(), bucket, accessKey: '', secretKey: '', region: '', pathStyle: 'auto', authMode: 'keys', roleArn: '', externalId: '', ...overrides };
}
const probeKeys = () => ({ accessKey: s3Env.user('PROBE').accessKey, secretKey: s3Env.user('PROBE').secretKey });

beforeAll(async () => {
  owner = ownerClient();
  bucket = bucketName('roles');
  await createBucket(owner, bucket, { noGrant: true });
  await Promise.all([allowRoleCalls('probe'), allowRoleCalls('other')]);
  allowed = await createRole('seven', ['arn:aws:iam:::user/probe'], SEVEN);
  withoutListUploads = await createRole('six', ['arn:aws:iam:::user/probe'], SEVEN.filter((permission) => permission !== 's3:ListBucketMultipartUploads'));
});

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  for (const name of CHAIN_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

afterAll(async () => {
  await removeBucket(owner, bucket);
  await Promise.all([deleteRole(allowed), deleteRole(withoutListUploads)]);
});

describe('storage check with a role', () => {
  it('role allowed: the seven rows pass with its credentials, and the identity is the assumed role', async () => {
    const result = await runStorageCheck(target({ authMode: 'assume-role', roleArn: allowed.arn, ...probeKeys() }), { reuseCleanupProof: false });
    expect(result.errors).toEqual([]);
    expect(statuses(result)).toEqual(allStatuses('pass'));
    expect(result.identity).toMatchObject({ mode: 'assume-role', source: 'access-keys', role: allowed.arn, accessKeyId: probeKeys().accessKey });
    expect(result.identity?.principal).toMatch(new RegExp(`^arn:aws:sts:::assumed-role/${allowed.name}/packages-console-\\d{8}T\\d{6}Z$`));
    expect(Date.parse(result.identity!.expiresAt!)).toBeGreaterThan(Date.now());
    expect(await leftovers(owner, bucket)).toEqual([]);
  });

  it('a user the trust policy does not name: Role ARN field with the trust policy, no row runs', async () => {
    const other = s3Env.user('OTHER');
    const result = await runStorageCheck(target({ authMode: 'assume-role', roleArn: allowed.arn, accessKey: other.accessKey, secretKey: other.secretKey }));
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'roleDenied', field: 'roleArn', params: { roleArn: allowed.arn } });
    expect(JSON.parse(result.errors[0]!.policy!).Statement[0]).toMatchObject({ Action: 'sts:AssumeRole', Effect: 'Allow' });
    expect(statuses(result)).toEqual(allStatuses('not-run:roleDenied'));
    expect(result.identity).toBeUndefined();
  });

  it('a role policy missing one permission: exactly that row fails', async () => {
    const result = await runStorageCheck(target({ authMode: 'assume-role', roleArn: withoutListUploads.arn, ...probeKeys() }), { reuseCleanupProof: false });
    expect(statuses(result)).toEqual({ ...allStatuses('pass'), 's3:ListBucketMultipartUploads': 'fail:permissionDenied' });
    expect(result.errors.map((issue) => [issue.code, issue.permission, issue.params?.grantee])).toEqual([['permissionDenied', 's3:ListBucketMultipartUploads', 'role']]);
    expect(await leftovers(owner, bucket)).toEqual([]);
  });
});

describe("storage check with this server's AWS identity", () => {
  it('credentials from a loopback container endpoint, issued by the gateway: seven rows pass, source named', async () => {
    const endpoint = await containerCredentialsEndpoint(() => issueRoleCredentials(allowed, probeKeys()));
    endpoints.push(endpoint);
    chainEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint.url}/v2/credentials` });
    const result = await runStorageCheck(target({ authMode: 'instance' }), { reuseCleanupProof: false });
    expect(statuses(result)).toEqual(allStatuses('pass'));
    expect(result.identity).toMatchObject({ mode: 'instance', source: 'container' });
    expect(result.identity?.expiresAt).toBeTruthy();
  });

  it('environment credentials assume the role when no keys are filled in', async () => {
    chainEnvironment({ AWS_ACCESS_KEY_ID: probeKeys().accessKey, AWS_SECRET_ACCESS_KEY: probeKeys().secretKey });
    const result = await runStorageCheck(target({ authMode: 'assume-role', roleArn: allowed.arn }), { reuseCleanupProof: false });
    expect(statuses(result)).toEqual(allStatuses('pass'));
    expect(result.identity).toMatchObject({ mode: 'assume-role', source: 'environment', role: allowed.arn });
  });

  it('nothing in the chain: "no credentials" on the Authentication field, naming what was tried', async () => {
    chainEnvironment({});
    const result = await runStorageCheck(target({ authMode: 'instance' }));
    expect(result.errors).toEqual([
      { code: 'noServerCredentials', field: 'authMode', params: { tried: 'environment,profile,web-identity,container', metadata: 'disabled' } },
    ]);
    expect(statuses(result)).toEqual(allStatuses('not-run:noServerCredentials'));
  });
});
