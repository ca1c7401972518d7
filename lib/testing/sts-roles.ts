import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

// Roles on the test Ceph cluster, made with radosgw-admin per test, and temporary credentials its
// STS gateway issues (scripts/s3-server.sh: a second gateway with STS on, S3_TEST_STS_ENDPOINT;
// temporary credentials work only there).

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-s3.sh`);
  return value;
}

async function radosgwAdmin(args: string[]): Promise<string> {
  const conf = path.join(required('S3_TEST_DIR'), 'ceph.conf');
  const { stdout } = await promisify(execFile)('radosgw-admin', ['-c', conf, '-n', 'client.admin', ...args], { timeout: 60_000 });
  return stdout;
}

export function stsTestEndpoint(): string {
  return required('S3_TEST_STS_ENDPOINT');
}

/** Unique per run, so reruns against a kept gateway never meet an old role. */
export function roleName(label: string): string {
  return `pkg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${label}`.slice(0, 64);
}

export interface TestRole {
  name: string;
  arn: string;
}

/**
 * A role that `trusted` (ARNs like arn:aws:iam:::user/probe) may assume, whose sessions may do
 * `actions` on every bucket. The gateway wants the caller to hold the "roles" capability.
 */
export async function createRole(label: string, trusted: string[], actions: string[]): Promise<TestRole> {
  const name = roleName(label);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: trusted }, Action: ['sts:AssumeRole'] }] };
  const permissions = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: ['arn:aws:s3:::*'] }] };
  const created = JSON.parse(await radosgwAdmin(['role', 'create', `--role-name=${name}`, `--assume-role-policy-doc=${JSON.stringify(trust)}`])) as { Arn: string };
  await radosgwAdmin(['role-policy', 'put', `--role-name=${name}`, '--policy-name=packages', `--policy-doc=${JSON.stringify(permissions)}`]);
  return { name, arn: created.Arn };
}

export async function deleteRole(role: TestRole): Promise<void> {
  await radosgwAdmin(['role-policy', 'delete', `--role-name=${role.name}`, '--policy-name=packages']).catch(() => undefined);
  await radosgwAdmin(['role', 'delete', `--role-name=${role.name}`]);
}

export async function allowRoleCalls(uid: string): Promise<void> {
  await radosgwAdmin(['caps', 'add', `--uid=${uid}`, '--caps=roles=*']);
}

/** Temporary credentials the gateway issues for `role`, as a container-credentials endpoint hands them out. */
export async function issueRoleCredentials(role: TestRole, caller: { accessKey: string; secretKey: string }) {
  const client = new STSClient({
    endpoint: stsTestEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: caller.accessKey, secretAccessKey: caller.secretKey },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 10_000 },
  });
  try {
    const answer = await client.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'container-test', DurationSeconds: 900 }));
    const issued = answer.Credentials!;
    return { AccessKeyId: issued.AccessKeyId!, SecretAccessKey: issued.SecretAccessKey!, Token: issued.SessionToken!, Expiration: issued.Expiration!.toISOString() };
  } finally {
    client.destroy();
  }
}
