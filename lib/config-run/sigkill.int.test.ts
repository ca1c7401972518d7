import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { historyFilePath, readHistoryFile } from '@/lib/history/history-store';
import { readSettings, settingsFilePath } from '@/lib/settings/store';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { startLatencyProxy, type LatencyProxy } from '@/lib/testing/latency-proxy';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import { appliedConfigPath, stagedConfigPath } from './applied-config';
import { runLockPath } from './run-lock';
import { loadRun } from './run-store';

// Power cut in the middle of a run: the console is killed with SIGKILL (no handler runs) while the
// run verifies a new configuration. After a restart the previous configuration must still be the one
// in force, byte for byte, and the run must say it failed because it was interrupted. A restore killed
// likewise leaves the settings and their history either as before or with the whole new version.

let dataDir = '';
let owner: S3Client;
let proxy: LatencyProxy;
let server: ConsoleServer | null = null;
const bucket = bucketName('kill');

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
  proxy = await startLatencyProxy(s3Env.endpoint, 0);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sigkill-'));
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function connect() {
  // A test that ends with a console running leaves it to the next one's connect(): stopped here, or it is orphaned.
  await server?.stop();
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  return manageClient(server.url, document, ROOT_PASSWORD);
}

/** SIGKILL, no handler runs; a function so the compiler does not take `server` for null after it. */
async function killServer(): Promise<void> {
  await server?.kill();
  server = null;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

it('keeps the applied configuration and marks the run interrupted after a SIGKILL mid-run', async () => {
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
  const { accessKey, secretKey } = s3Env.user('PROBE');
  let call = await connect();
  const storage = { enabled: true, service_url: proxy.url, s3_bucket: bucket, aws_access_key: accessKey, aws_secret_key: secretKey };
  expect((await call('PUT', '/config/settings', { body: { packages: storage } })).status).toBe(204);
  const first = String((await call('POST', '/config/apply')).json.run_id);
  await waitFor('the first run', async () => ((await loadRun(env, first))?.state === 'succeeded' ? true : null));
  const appliedBefore = await readFile(appliedConfigPath(env), 'utf8');
  expect(JSON.parse(appliedBefore)).toMatchObject({ run_id: first, settings_version: 1 });

  expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } } })).status).toBe(204);
  proxy.setDelay(400); // the verify phase's storage check now takes seconds
  const second = String((await call('POST', '/config/apply')).json.run_id);
  await waitFor('the verify phase', async () => ((await loadRun(env, second))?.phases[4]?.state === 'running' ? true : null));
  await server?.kill();
  server = null;

  // On disk right after the kill: the run still says "running", the live file is untouched.
  expect((await loadRun(env, second))?.state).toBe('running');
  expect(await readFile(appliedConfigPath(env), 'utf8')).toBe(appliedBefore);
  expect((await readSettings(env)).version).toBe(2); // saved by the write phase, never applied

  proxy.setDelay(0);
  call = await connect();
  const status = await call('GET', `/config/apply?run_id=${second}`);
  expect(status.json).toMatchObject({ running: false, successful: false });
  expect((status.json.phases as { name: string; state: string; error: { code: string } | null }[]).map(({ name, state, error }) => [name, state, error?.code ?? null])).toEqual([
    ['validate', 'done', null], ['check', 'done', null], ['write', 'done', null], ['apply', 'done', null], ['verify', 'failed', 'interrupted'],
  ]);
  const events = (await call('GET', `/config/apply/events?run_id=${second}`)).json.events as { body: string; severity: string }[];
  expect(events.at(-1)).toMatchObject({ severity: 'ERROR', body: en.ConfigRun.events.interrupted });
  expect(await readFile(appliedConfigPath(env), 'utf8')).toBe(appliedBefore);
  await expect(stat(stagedConfigPath(env))).rejects.toThrow();
  await expect(stat(runLockPath(env))).rejects.toThrow();

  // And the console works on: applying again puts version 2 in force.
  const third = String((await call('POST', '/config/apply')).json.run_id);
  await waitFor('the third run', async () => ((await loadRun(env, third))?.state === 'succeeded' ? true : null));
  expect(JSON.parse(await readFile(appliedConfigPath(env), 'utf8'))).toMatchObject({ run_id: third, settings_version: 2 });
});

it('leaves the settings and their history old or new, never torn, when a restore is killed', async () => {
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
  let call = await connect();
  const files = () => Promise.all([readFile(settingsFilePath(env), 'utf8'), readFile(historyFilePath(env), 'utf8'), readFile(appliedConfigPath(env), 'utf8')]);
  const before = await files();
  expect((await readSettings(env)).version).toBe(2);

  // Killed while the restore checks storage: nothing was written.
  proxy.setDelay(400);
  const checking = String((await call('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"2"' } })).json.run_id);
  await waitFor('the check phase', async () => ((await loadRun(env, checking))?.phases[1]?.state === 'running' ? true : null));
  await killServer();
  expect(await files()).toEqual(before);

  // Killed while it verifies: version 3 (= version 1, secret included) is saved and kept, version 2 still in force.
  call = await connect();
  const verifying = String((await call('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"2"' } })).json.run_id);
  await waitFor('the verify phase', async () => ((await loadRun(env, verifying))?.phases[4]?.state === 'running' ? true : null));
  await killServer();
  proxy.setDelay(0);
  const [, , applied] = await files();
  expect(applied).toBe(before[2]);
  const saved = await readSettings(env);
  expect(saved.version).toBe(3);
  expect(saved.packages.secretKey).toBe(s3Env.user('PROBE').secretKey);
  expect((await readHistoryFile(env)).map((kept) => [kept.version, kept.restoredFrom])).toEqual([[1, null], [2, null], [3, 1]]);

  call = await connect();
  const history = await call('GET', '/config/settings/history');
  expect((history.json.versions as { version: number; in_force: boolean }[]).map(({ version, in_force }) => [version, in_force])).toEqual([[3, false], [2, true], [1, false]]);
});
