import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';
import { runCli } from '@/lib/testing/run-cli';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { allowRoleCalls, createRole, deleteRole, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';

// `cli storage check --auth …` against the Ceph STS gateway.

let owner: S3Client;
let bucket: string;
let role: TestRole;
// No AWS chain from the developer's environment: nothing but what each case gives.
const NO_CHAIN = { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };

beforeAll(async () => {
  owner = ownerClient();
  bucket = bucketName('cli-role');
  await createBucket(owner, bucket, { noGrant: true });
  await allowRoleCalls('probe');
  role = await createRole('cli', ['arn:aws:iam:::user/probe'], [...PERMISSIONS]);
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  await deleteRole(role);
  owner?.destroy();
});

const storage = () => ['storage', 'check', '--service-url', stsTestEndpoint(), '--bucket', bucket];

describe('cli storage check --auth', () => {
  it('assume-role with --role-arn: all seven pass, and the report names the assumed role', async () => {
    const { accessKey, secretKey } = s3Env.user('PROBE');
    const run = await runCli([...storage(), '--auth', 'assume-role', '--role-arn', role.arn, '--access-key', accessKey], { env: { ...NO_CHAIN, CONSOLE_S3_SECRET_KEY: secretKey } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Role ${role.arn} assumed as session packages-console-`);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout + run.stderr).not.toContain(secretKey);
  });

  it("instance with nothing in the chain: exit 1, no secret asked for, the links tried named", async () => {
    const run = await runCli([...storage(), '--auth', 'instance', '--json'], { env: NO_CHAIN, stdin: 'never-read\n' });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout) as { errors: { code: string; field: string; message: string }[] };
    expect(json.errors).toEqual([{ code: 'noServerCredentials', field: 'authMode', message: expect.stringContaining('AWS_WEB_IDENTITY_TOKEN_FILE') }]);
  });

  it('a malformed role ARN or mode is a usage error (exit 2) on its field', async () => {
    const arn = await runCli([...storage(), '--auth', 'assume-role', '--role-arn', 'arn:aws:iam::1:role/x', '--json'], { env: NO_CHAIN });
    expect(arn.code).toBe(2);
    expect(JSON.parse(arn.stdout).errors[0]).toMatchObject({ code: 'roleArnInvalid', field: 'roleArn' });
    const missing = await runCli([...storage(), '--auth', 'assume-role', '--json'], { env: NO_CHAIN });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--role-arn');
    const mode = await runCli([...storage(), '--auth', 'iam', '--json'], { env: NO_CHAIN });
    expect(mode.code).toBe(2);
    expect(JSON.parse(mode.stdout).errors[0]).toMatchObject({ code: 'authModeInvalid', field: 'authMode' });
  });
});
