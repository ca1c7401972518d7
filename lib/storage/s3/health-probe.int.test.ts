import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteStagedConfig, renderAppliedConfig, writeStagedConfig } from '@/lib/config-run/applied-config';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { consoleMetrics } from '@/lib/metrics/registry';
import { EMPTY_PACKAGES_SETTINGS } from '@/lib/settings/types';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env, setBucketPolicy } from '@/lib/testing/s3-int-support';
import { startSwitchableGateway, type SwitchableGateway } from '@/lib/testing/switchable-gateway';
import { readHealthHistory } from '@/lib/health/history-store';
import { runHealthCheck } from '@/lib/health/monitor';
import type { HealthRecord } from '@/lib/health/types';
import { HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import { NOT_SLOW_MS } from '@/lib/testing/health-threshold';

// The S3 health probe against the real Ceph gateway, driven through the monitor (the schedule is tested
// through a running console in lib/health/storage-health.int.test.ts). The gateway is reached through a relay that can be
// stopped, so "the gateway is down" does not stop it for the other tests.

let owner: S3Client;
let gateway: SwitchableGateway;
let env: ConsoleEnv;
let dataDir = '';
const bucket = bucketName('health');

async function check(): Promise<HealthRecord> {
  const outcome = await runHealthCheck(env);
  if (outcome.kind !== 'checked') throw new Error(`no check: ${outcome.kind}`);
  return outcome.record;
}

async function probeObjects(): Promise<string[]> {
  const out = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: HEALTH_PREFIX }));
  return (out.Contents ?? []).map((item) => item.Key ?? '');
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const found = (await consoleMetrics().registry.getSingleMetric(name)?.get())?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return found?.value;
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
  gateway = await startSwitchableGateway(s3Env.endpoint);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'health-probe-'));
  env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir, CONSOLE_CHECK_TIMEOUT_MS: '5000', CONSOLE_HEALTH_SLOW_MS: NOT_SLOW_MS });
  const probe = s3Env.user('PROBE');
  const packages = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, storageType: 's3' as const, serviceUrl: gateway.url, bucket, accessKey: probe.accessKey, secretKey: probe.secretKey, region: '', pathStyle: 'auto' as const };
  await writeStagedConfig(await renderAppliedConfig({ version: 1, updatedAt: null, packages }, 'a1b2c3d4e5f60718', env), env);
  await promoteStagedConfig(env);
});

afterAll(async () => {
  await gateway?.stop();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('storage health check on Ceph', () => {
  it('is healthy for the configuration in force, times every operation and leaves no probe object', async () => {
    const record = await check();
    expect(record).toMatchObject({ state: 'healthy', cause: { code: 'allPassed' }, runId: 'a1b2c3d4e5f60718', certificateExpiresAt: null });
    expect(record.operations.map((outcome) => [outcome.operation, outcome.status])).toEqual([
      ['list', 'pass'],
      ['write', 'pass'],
      ['read', 'pass'],
      ['delete', 'pass'],
    ]);
    for (const outcome of record.operations) expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await probeObjects()).toEqual([]);
    expect(await metric('console_storage_up')).toBe(1);
    expect(await metric('console_storage_state', { state: 'healthy' })).toBe(1);
  });

  it('fails with the refused-connection cause while the gateway is down, and is healthy again once it is back', async () => {
    await gateway.stop();
    const down = await check();
    expect(down).toMatchObject({ state: 'failing', cause: { code: 'operationFailed', operation: 'list', issue: 'endpointRefused' } });
    expect(down.operations.find((outcome) => outcome.operation === 'list')?.params?.host).toBe(new URL(gateway.url).host);
    expect(await metric('console_storage_up')).toBe(0);
    expect(await metric('console_storage_operation_failures_total', { operation: 'list', code: 'endpointRefused' })).toBeGreaterThanOrEqual(1);
    await gateway.start();
    expect((await check()).state).toBe('healthy');
    expect(await probeObjects()).toEqual([]);
  });

  it('fails with access denied when the keys lose their permissions, naming the operation', async () => {
    await setBucketPolicy(owner, bucket, { deny: ['s3:PutObject'] });
    try {
      const denied = await check();
      expect(denied).toMatchObject({ state: 'failing', cause: { code: 'operationFailed', operation: 'write', issue: 'permissionDenied', params: { permission: 's3:PutObject' } } });
      expect(denied.operations.map((outcome) => outcome.status)).toEqual(['pass', 'fail', 'not-run', 'not-run']);
    } finally {
      await setBucketPolicy(owner, bucket, {});
    }
    expect((await check()).state).toBe('healthy');
    expect(await probeObjects()).toEqual([]);
  });

  it('keeps every check and each change of state in the history file', async () => {
    const history = await readHealthHistory(env);
    expect(history.records.map((record) => record.state)).toEqual(['healthy', 'failing', 'healthy', 'failing', 'healthy']);
    expect(history.changes.map((change) => `${change.from}>${change.to}`)).toEqual(['unknown>healthy', 'healthy>failing', 'failing>healthy', 'healthy>failing', 'failing>healthy']);
    expect(JSON.stringify(history)).not.toContain(s3Env.user('PROBE').secretKey);
    expect(JSON.stringify(history)).not.toContain(s3Env.user('PROBE').accessKey);
  });
});
