import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { readSettings, writeSettings } from '@/lib/settings/store';
import { azureEnv, containerName, createContainer, keyConnectionString, removeContainer } from '@/lib/testing/azurite';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { finishedRun } from '@/lib/testing/manage-session';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';

// The settings history through the Manage API of a real `next start` (Ceph and Azurite): every answer
// held against /manage/v1/openapi.json by manageClient, and no secret in any of them.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let dataDir = '';
const container = containerName('hist');
const bucket = bucketName('hist');
const gone = bucketName('hist-gone');
const owner = ownerClient();
const probe = () => s3Env.user('PROBE');
const secrets = () => [probe().secretKey, azureEnv.accountKey];
const answers: string[] = [];

async function get(url: string, headers: Record<string, string> = {}) {
  const reply = await call('GET', url, { headers });
  answers.push(JSON.stringify(reply.body));
  return reply;
}

const finished = (runId: string) => finishedRun(call, runId);

async function saveAndApply(packages: Record<string, unknown>): Promise<void> {
  expect((await call('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
  const started = await call('POST', '/config/apply');
  expect((await finished(started.json.run_id as string)).successful).toBe(true);
}

beforeAll(async () => {
  await createContainer(container);
  await createBucket(owner, bucket);
  await createBucket(owner, gone);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'history-api-'));
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await removeContainer(container).catch(() => undefined);
  for (const name of [bucket, gone]) await removeBucket(owner, name).catch(() => undefined);
  owner.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('settings history, Manage API', () => {
  it('restores an S3 version over Azure, its secret from the sealed history, after refusing a stale If-Match and an unconfirmed storage change', async () => {
    await saveAndApply({ enabled: true, service_url: s3Env.endpoint, s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey });
    await saveAndApply({ blob_storage_type: 'azure', azure_container_name: container, azure_connection_string: keyConnectionString() });

    const history = await get('/config/settings/history');
    expect(history.headers.get('etag')).toBe('"2"');
    const [azure, s3] = history.json.versions as Record<string, unknown>[];
    expect(azure).toMatchObject({ version: 2, actor: 'api', current: true, in_force: true, previous: 1, run: { state: 'succeeded', source: 'api' } });
    expect(azure!.changes).toEqual(
      expect.arrayContaining([
        { key: 'secrets.packages.blob-storage-type', secret: false, change: 'changed', old: 's3', new: 'azure' },
        { key: 'secrets.packages.azure-connection-string', secret: true, change: 'changed' },
        { key: 'secrets.packages.aws-secret-key', secret: true, change: 'unchanged' },
      ]),
    );
    expect(s3).toMatchObject({ version: 1, current: false, in_force: false, previous: null });
    const one = await get('/config/settings/history/1?compare_to=2');
    expect(one.json).toMatchObject({ version: 1, packages: { blob_storage_type: 's3', aws_secret_key_set: true, azure_connection_string_set: false }, compared_to: 2 });
    expect((await get('/config/settings/history/9')).status).toBe(404);
    expect((await get('/config/settings/history/0')).status).toBe(422);

    expect((await call('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"1"' } })).status).toBe(412);
    const unconfirmed = await call('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"2"', 'accept-language': 'fr' } });
    expect(unconfirmed).toMatchObject({ status: 409, json: { errors: [{ code: 'confirmStorageChange', message: fr.ConfigRun.errors.confirmStorageChange }] } });
    const started = await call('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"2"' }, body: { confirm_storage_change: true } });
    expect(started.status).toBe(202);
    expect(await finished(started.json.run_id as string)).toMatchObject({ successful: true, settings_version: 3 });

    const settings = await get('/config/settings');
    // Version 1 whole: its S3 secret back, and no Azure connection string (version 1 had none).
    expect(settings.json).toMatchObject({ version: 3, packages: { blob_storage_type: 's3', s3_bucket: bucket, aws_secret_key_set: true, azure_connection_string_set: false } });
    const [restored] = (await get('/config/settings/history')).json.versions as Record<string, unknown>[];
    expect(restored).toMatchObject({ version: 3, restored_from: 1, in_force: true, run: { id: started.json.run_id, state: 'succeeded' } });
  });

  it('answers 409 to a restore while a run is in progress, and a restore whose storage is gone since writes nothing', async () => {
    await saveAndApply({ blob_storage_type: 's3', s3_bucket: gone });
    const base = (await get('/config/settings')).json.version as number;
    const apply = await call('POST', '/config/apply');
    const during = await call('POST', `/config/settings/history/${base - 1}/restore`);
    expect(during).toMatchObject({ status: 409, json: { errors: [{ code: 'runInProgress' }] } });
    await finished(apply.json.run_id as string);

    // The bucket of version `base` is deleted: restoring it fails the check and changes nothing.
    expect((await call('PUT', '/config/settings', { body: { packages: { s3_bucket: bucket } } })).status).toBe(204);
    await removeBucket(owner, gone);
    const before = await readFile(path.join(dataDir, 'settings.json'), 'utf8');
    const historyBefore = await readFile(path.join(dataDir, 'settings-history.json'), 'utf8');
    const failed = await call('POST', `/config/settings/history/${base}/restore`, { body: { confirm_storage_change: true } });
    expect(failed.status).toBe(202);
    const status = await finished(failed.json.run_id as string);
    expect(status).toMatchObject({ successful: false, settings_version: null, phases: expect.arrayContaining([expect.objectContaining({ name: 'check', state: 'failed' })]) });
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).toBe(before);
    expect(await readFile(path.join(dataDir, 'settings-history.json'), 'utf8')).toBe(historyBefore);
  });

  it('answers 422 naming the field to a restore of a version today\'s rules reject, and 503 naming a damaged history file, writing nothing', async () => {
    const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
    // Saved beside the server without a save's checks, as an older console with looser rules could have.
    const saved = await readSettings(env);
    await writeSettings({ ...saved.packages, bucket: 'Not_A_Bucket!' }, saved.version, { env, actor: 'cli' });
    expect((await call('PUT', '/config/settings', { body: { packages: { s3_bucket: bucket } } })).status).toBe(204);
    const current = saved.version + 2;
    const settingsFile = path.join(dataDir, 'settings.json');
    const before = await readFile(settingsFile, 'utf8');
    const invalid = await call('POST', `/config/settings/history/${saved.version + 1}/restore`, { headers: { 'if-match': `"${current}"` }, body: { confirm_storage_change: true } });
    answers.push(JSON.stringify(invalid.body));
    expect(invalid.status).toBe(422);
    expect(invalid.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 's3_bucket' })]));

    const historyFile = path.join(dataDir, 'settings-history.json');
    const kept = await readFile(historyFile, 'utf8');
    await writeFile(historyFile, '{"format": 1, "versions": [');
    try {
      const listed = await get('/config/settings/history');
      expect(listed).toMatchObject({ status: 503, json: { errors: [{ code: 'settingsUnreadable', message: en.Validation.settingsUnreadable.replace('{path}', historyFile) }] } });
      const restore = await call('POST', `/config/settings/history/${saved.version}/restore`, { headers: { 'if-match': `"${current}"` }, body: { confirm_storage_change: true } });
      expect(restore.status).toBe(503);
      expect(await readFile(historyFile, 'utf8')).toBe('{"format": 1, "versions": [');
    } finally {
      await writeFile(historyFile, kept);
    }
    expect(await readFile(settingsFile, 'utf8')).toBe(before);
  });

  it('shows no secret in any answer, data file or server output', async () => {
    expect(answers.length).toBeGreaterThan(6);
    for (const secret of secrets()) {
      expect(answers.filter((answer) => answer.includes(secret))).toEqual([]);
      expect(server.output()).not.toContain(secret);
    }
    const file = path.join(dataDir, 'settings-history.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    for (const name of await readdir(dataDir)) {
      if (!name.endsWith('.json')) continue;
      const text = await readFile(path.join(dataDir, name), 'utf8');
      for (const secret of secrets()) expect(text, name).not.toContain(secret);
    }
  });
});
