import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteStagedConfig, renderAppliedConfig, writeStagedConfig } from '@/lib/config-run/applied-config';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { runHealthCheck } from '@/lib/health/monitor';
import type { HealthRecord } from '@/lib/health/types';
import { EMPTY_PACKAGES_SETTINGS } from '@/lib/settings/types';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { allowRoleCalls, createRole, deleteRole, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';
import { NOT_SLOW_MS } from '@/lib/testing/health-threshold';

// The health monitor of a console whose applied configuration assumes a role, against the Ceph STS
// gateway. The bucket grants the probe user nothing: only the role's credentials can pass.

const PROBE_ACTIONS = ['s3:ListBucket', 's3:PutObject', 's3:GetObject', 's3:DeleteObject'];

let owner: S3Client;
let env: ConsoleEnv;
let dataDir = '';
let full: TestRole;
let readOnly: TestRole;
const bucket = bucketName('health-role');

async function apply(roleArn: string, runId: string): Promise<void> {
  const probe = s3Env.user('PROBE');
  const packages = {
    ...EMPTY_PACKAGES_SETTINGS,
    enabled: true,
    storageType: 's3' as const,
    serviceUrl: stsTestEndpoint(),
    bucket,
    accessKey: probe.accessKey,
    secretKey: probe.secretKey,
    region: '',
    pathStyle: 'auto' as const,
    authMode: 'assume-role' as const,
    roleArn,
  };
  await writeStagedConfig(await renderAppliedConfig({ version: 1, updatedAt: null, packages }, runId, env), env);
  await promoteStagedConfig(env);
}

async function check(): Promise<HealthRecord> {
  const outcome = await runHealthCheck(env);
  if (outcome.kind !== 'checked') throw new Error(`no check: ${outcome.kind}`);
  return outcome.record;
}

const statuses = (record: HealthRecord) => record.operations.map((outcome) => [outcome.operation, outcome.status]);

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket, { noGrant: true });
  await allowRoleCalls('probe');
  full = await createRole('health', ['arn:aws:iam:::user/probe'], PROBE_ACTIONS);
  readOnly = await createRole('health-ro', ['arn:aws:iam:::user/probe'], ['s3:ListBucket', 's3:GetObject']);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'health-role-'));
  env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir, CONSOLE_CHECK_TIMEOUT_MS: '5000', CONSOLE_HEALTH_SLOW_MS: NOT_SLOW_MS });
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  await Promise.all([full, readOnly].filter(Boolean).map((role) => deleteRole(role)));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('storage health with an assumed role', () => {
  it('is healthy with the role of the configuration in force', async () => {
    await apply(full.arn, 'a1b2c3d4e5f60718');
    const record = await check();
    expect(record).toMatchObject({ state: 'healthy', cause: { code: 'allPassed' }, runId: 'a1b2c3d4e5f60718' });
    expect(statuses(record)).toEqual([
      ['list', 'pass'],
      ['write', 'pass'],
      ['read', 'pass'],
      ['delete', 'pass'],
    ]);
    expect((await check()).state).toBe('healthy');
  });

  it('assumes the new role once another configuration is applied', async () => {
    await apply(readOnly.arn, 'b1b2c3d4e5f60718');
    const record = await check();
    expect(record.state).not.toBe('healthy');
    expect(statuses(record).slice(0, 2)).toEqual([
      ['list', 'pass'],
      ['write', 'fail'],
    ]);
    expect(record.operations[1]).toMatchObject({ code: 'permissionDenied', params: { permission: 's3:PutObject' } });
  });
});
