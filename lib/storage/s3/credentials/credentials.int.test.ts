import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { containerCredentialsEndpoint, silentEndpoint, type LoopbackEndpoint } from '@/lib/testing/credential-endpoints';
import { allowRoleCalls, createRole, deleteRole, issueRoleCredentials, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';
import { s3Env } from '@/lib/testing/s3-int-support';
import { resolveS3Credentials, identifyCaller, type CredentialBudget } from './resolve-credentials';
import type { S3AuthSettings, TemporaryCredentials } from './types';

// Against the Ceph STS gateway (scripts/with-s3.sh: S3_TEST_STS_ENDPOINT). The chain's environment is set per test and
// restored; config files point into .tmp so a developer's ~/.aws never answers.

const CHAIN_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_EC2_METADATA_DISABLED',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL_STS', 'AWS_REGION',
];
const saved = Object.fromEntries(CHAIN_VARIABLES.map((name) => [name, process.env[name]]));
const scratch = path.resolve('.tmp/credentials-int');

function chainEnvironment(variables: Record<string, string>): void {
  for (const name of CHAIN_VARIABLES) delete process.env[name];
  mkdirSync(scratch, { recursive: true });
  process.env.AWS_CONFIG_FILE = path.join(scratch, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(scratch, 'no-credentials');
  Object.assign(process.env, variables);
}

function budget(ms = 10_000): CredentialBudget {
  const startedAt = performance.now();
  const signal = AbortSignal.timeout(ms);
  return { signal, remainingMs: () => Math.max(0, ms - (performance.now() - startedAt)), timedOut: () => signal.aborted };
}

const location = () => ({ serviceUrl: stsTestEndpoint(), region: s3Env.region });
const probe = () => s3Env.user('PROBE');
const other = () => s3Env.user('OTHER');

function auth(overrides: Partial<S3AuthSettings>): S3AuthSettings {
  return { mode: 'keys', roleArn: '', externalId: '', accessKey: '', secretKey: '', ...overrides };
}

async function listBuckets(credentials: TemporaryCredentials): Promise<number | undefined> {
  const client = new S3Client({ endpoint: stsTestEndpoint(), region: s3Env.region, forcePathStyle: true, credentials, maxAttempts: 1 });
  try {
    return (await client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode;
  } finally {
    client.destroy();
  }
}

let role: TestRole;
const endpoints: LoopbackEndpoint[] = [];

beforeAll(async () => {
  await allowRoleCalls('probe');
  await allowRoleCalls('other');
  role = await createRole('allowed', ['arn:aws:iam:::user/probe'], ['s3:*']);
});

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  for (const name of CHAIN_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

afterAll(async () => {
  await deleteRole(role);
});

describe('assume a role', () => {
  it('assumes the role with the access keys: session credentials that work, the assumed-role identity and its expiry', async () => {
    const started = Date.now();
    const result = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: role.arn, ...probe() }), location(), budget());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.credentials.sessionToken).toBeTruthy();
    expect(result.credentials.accessKeyId).not.toBe(probe().accessKey);
    expect(result.origin).toMatchObject({ mode: 'assume-role', source: 'access-keys', accessKeyId: probe().accessKey, roleArn: role.arn });
    expect(result.origin.identityArn).toBe(`arn:aws:sts:::assumed-role/${role.name}/${result.origin.sessionName}`);
    const expires = Date.parse(result.origin.expiresAt!);
    expect(expires).toBeGreaterThan(started + 10 * 60_000);
    expect(JSON.stringify(result.origin)).not.toContain(result.credentials.secretAccessKey);
    expect(JSON.stringify(result.origin)).not.toContain(result.credentials.sessionToken!);
    expect(await listBuckets(result.credentials)).toBe(200);
  });

  it('a user the trust policy does not name: Role ARN field, with a trust policy for that role', async () => {
    const result = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: role.arn, ...other() }), location(), budget());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue).toMatchObject({ code: 'roleDenied', field: 'roleArn', params: { roleArn: role.arn } });
    // The gateway does not answer GetCallerIdentity (405), so the caller is a placeholder to fill in.
    expect(JSON.parse(result.issue.trustPolicy!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam:::user/USER_NAME' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('an external ID the role refuses: External ID field, the trust policy with the condition', async () => {
    const guarded = await createRole('external', ['arn:aws:iam:::user/other'], ['s3:*']);
    try {
      const result = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: guarded.arn, externalId: 'tenant-7', ...probe() }), location(), budget());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issue).toMatchObject({ code: 'roleDeniedWithExternalId', field: 'externalId' });
      expect(result.issue.trustPolicy).toContain('"sts:ExternalId": "tenant-7"');
    } finally {
      await deleteRole(guarded);
    }
  });

  it('a role that does not exist, and an invalid ARN before any request', async () => {
    const missing = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: 'arn:aws:iam:::role/no-such-role-here', ...probe() }), location(), budget());
    expect(missing).toMatchObject({ ok: false, issue: { code: 'roleNotFound', field: 'roleArn' } });
    const invalid = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: 'arn:aws:iam::123:role/x', ...probe() }), location(), budget());
    expect(invalid).toMatchObject({ ok: false, issue: { code: 'roleArnInvalid', field: 'roleArn' } });
  });

  it('without access keys the role is assumed with the server identity (environment)', async () => {
    chainEnvironment({ AWS_ACCESS_KEY_ID: probe().accessKey, AWS_SECRET_ACCESS_KEY: probe().secretKey, AWS_EC2_METADATA_DISABLED: 'true' });
    const result = await resolveS3Credentials(auth({ mode: 'assume-role', roleArn: role.arn }), location(), budget());
    expect(result).toMatchObject({ ok: true, origin: { mode: 'assume-role', source: 'environment', roleArn: role.arn } });
  });
});

describe("this server's AWS identity", () => {
  it('environment variables: the environment link answers; an S3-compatible store is not asked who that is', async () => {
    chainEnvironment({ AWS_ACCESS_KEY_ID: probe().accessKey, AWS_SECRET_ACCESS_KEY: probe().secretKey });
    const result = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(result).toMatchObject({ ok: true, origin: { mode: 'instance', source: 'environment' } });
    if (!result.ok) return;
    expect(result.credentials.accessKeyId).toBe(probe().accessKey);
    const origin = await identifyCaller(result, location(), budget());
    expect(origin.identityArn).toBeUndefined();
  });

  it('a loopback container-credentials endpoint handing out credentials the gateway issued', async () => {
    const endpoint = await containerCredentialsEndpoint(() => issueRoleCredentials(role, probe()));
    endpoints.push(endpoint);
    chainEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint.url}/v2/credentials` });
    const result = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(result).toMatchObject({ ok: true, origin: { mode: 'instance', source: 'container' } });
    if (!result.ok) return;
    expect(endpoint.requests()).toBe(1);
    expect(Date.parse(result.origin.expiresAt!)).toBeGreaterThan(Date.now());
    expect(result.credentials.sessionToken).toBeTruthy();
    expect(await listBuckets(result.credentials)).toBe(200);
  });

  it('a container endpoint that fails is the answer, not a reason to try instance metadata', async () => {
    const endpoint = await containerCredentialsEndpoint(async () => 500);
    endpoints.push(endpoint);
    chainEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint.url}/creds` });
    const result = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(result).toMatchObject({ ok: false, issue: { code: 'credentialSourceFailed', field: 'authMode', params: { source: 'container' } } });
  });

  it('nothing in the chain: "no credentials", listing every link tried', async () => {
    chainEnvironment({ AWS_EC2_METADATA_DISABLED: 'true' });
    const result = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(result).toMatchObject({
      ok: false,
      issue: { code: 'noServerCredentials', field: 'authMode', params: { tried: 'environment,profile,web-identity,container' } },
    });
  });

  it('instance metadata that never answers ends within its timeout, well inside the check deadline', async () => {
    const imds = await silentEndpoint();
    endpoints.push(imds);
    chainEnvironment({ AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url });
    const started = performance.now();
    const result = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget(10_000));
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({
      ok: false,
      issue: { code: 'instanceMetadataUnreachable', params: { tried: 'environment,profile,web-identity,container,instance-metadata', seconds: '2' } },
    });
    expect(imds.requests()).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('a web identity token the STS refuses, and a token file that is missing', async () => {
    mkdirSync(scratch, { recursive: true });
    const tokenFile = path.join(scratch, 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    chainEnvironment({ AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: role.arn, AWS_ENDPOINT_URL_STS: stsTestEndpoint(), AWS_REGION: s3Env.region });
    const refused = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(refused).toMatchObject({ ok: false, issue: { code: 'webIdentityTokenInvalid', field: 'authMode', params: { source: 'web-identity' } } });

    chainEnvironment({ AWS_WEB_IDENTITY_TOKEN_FILE: path.join(scratch, 'missing-token'), AWS_ROLE_ARN: role.arn });
    const missing = await resolveS3Credentials(auth({ mode: 'instance' }), location(), budget());
    expect(missing).toMatchObject({ ok: false, issue: { code: 'webIdentityTokenUnreadable' } });
  });
});
