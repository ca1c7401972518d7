import { rm } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { parsePrometheusText, sampleValue } from '@/lib/testing/prometheus-text';
import { runCli } from '@/lib/testing/run-cli';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import { startSwitchableGateway, type SwitchableGateway } from '@/lib/testing/switchable-gateway';
import en from '@/messages/en.json';
import { HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import { NOT_SLOW_MS } from '@/lib/testing/health-threshold';

// A real console (`next start`) checking on its own schedule, at the shortest interval allowed (10 s):
// Manage API answers held against the OpenAPI document, /metrics parsed as Prometheus reads it.

const INTERVAL_S = 10;
let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let owner: S3Client;
let gateway: SwitchableGateway;
let dataDir = '';
const bucket = bucketName('health-console');
const env = { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, CONSOLE_HEALTH_INTERVAL_SECONDS: String(INTERVAL_S), CONSOLE_CHECK_TIMEOUT_MS: '3000', CONSOLE_HEALTH_SLOW_MS: NOT_SLOW_MS };

async function start(): Promise<void> {
  server = await startConsole(dataDir, env);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
}

/** Polls the health endpoint until `state`, returning it and how long that took. */
async function healthBecomes(state: string, limitMs: number): Promise<{ json: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const reply = await call('GET', '/config/storage/health');
    if (reply.json.state === state) return { json: reply.json, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`storage health did not become ${state} within ${limitMs} ms`);
}

async function metrics() {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: basic(ROOT_PASSWORD) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
  gateway = await startSwitchableGateway(s3Env.endpoint);
  dataDir = await tempDataDir('health');
  await start();
});

afterAll(async () => {
  await server?.stop();
  await gateway?.stop();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('storage health in a running console', () => {
  it('is unknown before anything is in force, and the CLI says so with exit 4', async () => {
    const reply = await call('GET', '/config/storage/health');
    expect(reply.json).toMatchObject({ state: 'unknown', operations: [], history_url: '/manage/v1/config/storage/health/history' });
    const cli = await runCli(['storage', 'health', '--json'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(cli.code).toBe(4);
    expect(JSON.parse(cli.stdout)).toMatchObject({ state: 'unknown' });
  });

  it('is checked right after a successful configuration run, healthy, and /metrics agrees', async () => {
    const probe = s3Env.user('PROBE');
    const packages = { enabled: true, service_url: gateway.url, s3_bucket: bucket, aws_access_key: probe.accessKey, aws_secret_key: probe.secretKey };
    expect((await call('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
    expect((await call('POST', '/config/apply')).status).toBe(202);
    // Well inside one interval: the run itself triggers the check.
    const { json, ms } = await healthBecomes('healthy', INTERVAL_S * 1000);
    expect(ms).toBeLessThan(INTERVAL_S * 1000);
    expect(json.operations).toMatchObject([
      { operation: 'list', status: 'pass' },
      { operation: 'write', status: 'pass' },
      { operation: 'read', status: 'pass' },
      { operation: 'delete', status: 'pass' },
    ]);
    expect(await call('GET', '/config/settings', { auth: basic('a wrong password') })).toMatchObject({ status: 401 });
    const families = await metrics();
    expect(sampleValue(families, 'console_storage_up')).toBe(1);
    expect(sampleValue(families, 'console_storage_state', { state: 'healthy' })).toBe(1);
    expect(sampleValue(families, 'console_storage_state', { state: 'failing' })).toBe(0);
    expect(sampleValue(families, 'console_storage_operation_duration_seconds_count', { operation: 'write' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, 'console_storage_last_success_timestamp_seconds')).toBeCloseTo(Date.parse(String(json.checked_at)) / 1000, 0);
    expect(sampleValue(families, 'console_config_runs_total', { outcome: 'succeeded' })).toBe(1);
    expect(sampleValue(families, 'console_login_failures_total')).toBeGreaterThanOrEqual(1);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const cli = await runCli(['storage', 'health'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect([cli.code, cli.stdout.split('\n')[0]]).toEqual([0, expect.stringContaining(`Storage: ${en.StorageHealth.states.healthy}`)]);
  });

  it('fails within one interval when the gateway stops, with the refused-connection cause, and recovers when it is back', async () => {
    await gateway.stop();
    const { json, ms } = await healthBecomes('failing', INTERVAL_S * 1000 + 5000);
    expect(ms).toBeLessThanOrEqual(INTERVAL_S * 1000 + 5000);
    expect(json.cause).toMatchObject({ code: 'operationFailed' });
    expect(json.operations).toContainEqual(expect.objectContaining({ operation: 'list', status: 'fail', code: 'endpointRefused' }));
    const families = await metrics();
    expect(sampleValue(families, 'console_storage_up')).toBe(0);
    expect(sampleValue(families, 'console_storage_state', { state: 'failing' })).toBe(1);
    expect(sampleValue(families, 'console_storage_operation_failures_total', { operation: 'list', code: 'endpointRefused' })).toBeGreaterThanOrEqual(1);
    expect((await runCli(['storage', 'health', '--json'], { env: { CONSOLE_DATA_DIR: dataDir } })).code).toBe(1);
    await gateway.start();
    await healthBecomes('healthy', INTERVAL_S * 1000 + 5000);
  });

  it('keeps the history over a restart, filters it by time, and leaves no probe object', async () => {
    const before = await call('GET', '/config/storage/health/history');
    const checks = before.json.checks as { checked_at: string; state: string }[];
    expect(checks.map((check) => check.state)).toEqual(expect.arrayContaining(['healthy', 'failing']));
    expect((before.json.changes as { to: string }[]).map((change) => change.to)).toEqual(expect.arrayContaining(['healthy', 'failing']));
    await server.stop();
    await start();
    const after = await call('GET', '/config/storage/health/history');
    expect((after.json.checks as unknown[]).slice(0, checks.length)).toEqual(checks);
    const latest = checks.at(-1)?.checked_at ?? '';
    const since = await call('GET', `/config/storage/health/history?since=${encodeURIComponent(latest)}`);
    expect((since.json.checks as { checked_at: string }[]).every((check) => check.checked_at >= latest)).toBe(true);
    expect((await call('GET', '/config/storage/health/history?since=yesterday')).status).toBe(422);
    const left = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: HEALTH_PREFIX }));
    expect(left.Contents ?? []).toEqual([]);
  });
});
