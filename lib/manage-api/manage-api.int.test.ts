import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { readSettings, writeSettings } from '@/lib/settings/store';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { startLatencyProxy, type LatencyProxy } from '@/lib/testing/latency-proxy';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { basic, manageClient } from '@/lib/testing/manage-client';

// The Manage API of a real `next start` against the Ceph gateway. Every answer goes through
// manageClient, which fails the test if the status or body is not what /manage/v1/openapi.json says.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let dataDir = '';
let owner: S3Client;
let proxy: LatencyProxy;
const good = bucketName('api');
const denied = bucketName('api-deny');
const probe = () => s3Env.user('PROBE');

const storage = (bucket: string, serviceUrl = s3Env.endpoint) => ({
  packages: { enabled: true, service_url: serviceUrl, s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey },
});

async function version(): Promise<number> {
  return (await readSettings(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir }))).version;
}

async function finished(runId: string, locale = 'en') {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const status = await call('GET', `/config/apply?run_id=${runId}`, { headers: { 'accept-language': locale } });
    if (status.json.running === false) return status.json;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, good);
  await createBucket(owner, denied, { deny: ['s3:GetObject'] });
  proxy = await startLatencyProxy(s3Env.endpoint, 0);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'manage-api-'));
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  expect(document.openapi).toBe('3.1.0');
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  for (const bucket of [good, denied]) await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Manage API', () => {
  it('refuses requests without the right basic auth, in the caller’s language, without a browser prompt', async () => {
    const none = await call('GET', '/config/settings', { auth: null });
    expect(none).toMatchObject({ status: 401, json: { message: en.ManageApi.unauthorized, errors: [{ field: null, code: 'unauthorized' }] } });
    expect(none.headers.get('www-authenticate')).toBeNull();
    const chinese = await call('GET', '/config/settings', { auth: null, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(chinese.json.message).toBe(zh.ManageApi.unauthorized);
    expect((await call('GET', '/config/settings', { auth: basic(ROOT_PASSWORD, 'admin') })).json.errors).toMatchObject([{ code: 'unauthorized' }]);
    const wrong = await call('POST', '/config/apply', { auth: basic('not the root password') });
    expect(wrong).toMatchObject({ status: 401, json: { errors: [{ code: 'wrongPassword', message: en.AuthErrors.wrongPassword }] } });
  });

  it('reads the settings, never the secret, with the version as ETag', async () => {
    const reply = await call('GET', '/config/settings');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      packages: { enabled: false, blob_storage_type: 's3', service_url: '', s3_bucket: '', aws_access_key: '', aws_secret_key_set: false, s3_region: '', s3_path_style: 'auto', s3_auth_mode: 'keys', s3_role_arn: '', s3_external_id: '', azure_container_name: '', azure_connection_string_set: false, ca_certificates: '', ecosystems: { 'container-registry': 'disabled', 'container-registry-anonymous-pulls': 'disabled', npm: 'disabled', 'npm-upstreaming': 'disabled', 'build-cache': 'disabled', 'build-cache-anonymous-reads': 'disabled' } },
      version: 0,
    });
    expect(reply.headers.get('etag')).toBe('"0"');
  });

  it('saves a checked partial change, honouring If-Match', async () => {
    const saved = await call('PUT', '/config/settings', { body: storage(good), headers: { 'if-match': '"0"' } });
    expect(saved.status).toBe(204);
    expect(saved.headers.get('etag')).toBe('"1"');
    const read = await call('GET', '/config/settings');
    expect(read.json).toMatchObject({ version: 1, packages: { enabled: true, s3_bucket: good, aws_secret_key_set: true } });
    expect(JSON.stringify(read.json)).not.toContain(probe().secretKey);

    const stale = await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } }, headers: { 'if-match': '0' } });
    expect(stale).toMatchObject({ status: 412, json: { errors: [{ field: 'If-Match', code: 'versionConflict' }] } });
    expect((await call('PUT', '/config/settings', { body: { packages: {} }, headers: { 'if-match': 'yesterday' } })).status).toBe(400);
    expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } }, headers: { 'if-match': 'W/"1"' } })).status).toBe(204);
    const after = await call('GET', '/config/settings');
    expect(after.json).toMatchObject({ version: 2, packages: { s3_region: 'us-east-1', s3_bucket: good, aws_secret_key_set: true } });
    // The same value again changes nothing, so the version (and a client's If-Match) stays.
    const same = await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } }, headers: { 'if-match': '2' } });
    expect([same.status, same.headers.get('etag')]).toEqual([204, '"2"']);
  });

  it('refuses bad input field by field, localized, and changes nothing', async () => {
    const before = await version();
    const bad = await call('PUT', '/config/settings', {
      headers: { 'accept-language': 'fr' },
      body: { extra: 1, packages: { s3_bucket: 'Bad_Bucket', enabled: 'yes', aws_secret_key_set: false, colour: 'red', aws_secret_key: '' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { field: 'extra', code: 'unknownField', message: fr.Validation.unknownField },
      { field: 's3_bucket', code: 'bucketCharacters', message: fr.S3Storage.validation.bucketCharacters },
      { field: 'enabled', code: 'enabledInvalid', message: fr.Validation.enabledInvalid },
      { field: 'aws_secret_key_set', code: 'readOnlyField', message: fr.ManageApi.readOnlyField },
      { field: 'colour', code: 'unknownField', message: fr.Validation.unknownField },
      { field: 'aws_secret_key', code: 'secretKeyRequired', message: fr.S3Storage.validation.secretKeyRequired },
    ]);
    // Junk keys by the thousand get a short answer: ten named, the rest counted.
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`k${index}`, 0]));
    const flood = await call('PUT', '/config/settings', { headers: { 'accept-language': 'fr' }, body: { packages: junk } });
    expect(flood.status).toBe(422);
    const errors = flood.json.errors as { field: string | null; code: string; message: string }[];
    expect(errors.map((error) => error.field)).toEqual([...Array.from({ length: 10 }, (_, index) => `k${index}`), null]);
    expect(errors.at(-1)?.code).toBe('moreUnknownFields');
    expect(errors.at(-1)?.message).toMatch(/^4\u202f990 autres champs inconnus ne sont pas listés\.$/);
    expect(JSON.stringify(flood.json).length).toBeLessThan(4096);
    // A new access key does not inherit the stored secret: its own must come in the same request.
    const moved = await call('PUT', '/config/settings', { headers: { 'accept-language': 'zh' }, body: { packages: { aws_access_key: 'AKIAIOSFODNN7OTHERKY' } } });
    expect(moved).toMatchObject({ status: 422, json: { errors: [{ field: 'aws_secret_key', code: 'secretKeyRequiredForChange', message: zh.S3Storage.validation.secretKeyRequiredForChange }] } });
    const newKey = await call('POST', '/config/storage/check', { body: { packages: { aws_access_key: 'AKIAIOSFODNN7EXAMPLE' } } });
    expect(newKey).toMatchObject({ status: 422, json: { errors: [{ field: 'aws_secret_key', code: 'secretKeyRequiredForChange' }] } });
    const whole = await call('PUT', '/config/settings', { body: { packages: { service_url: '' } } });
    expect(whole).toMatchObject({ status: 422, json: { errors: [{ field: 'service_url', code: 'serviceUrlRequired' }] } });
    expect((await call('PUT', '/config/settings', { body: 'packages=1', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await call('PUT', '/config/settings', { body: '{"packages":' })).status).toBe(400);
    expect((await call('PUT', '/config/settings', { body: [] })).json.errors).toMatchObject([{ code: 'objectExpected' }]);
    expect(await version()).toBe(before);
  });

  it('refuses settings whose storage check fails, with the report', async () => {
    const before = await version();
    const reply = await call('PUT', '/config/settings', { body: { packages: { s3_bucket: denied } } });
    expect(reply.status).toBe(422);
    expect(reply.json.errors).toEqual([{ field: null, code: 'permissionDenied', message: expect.stringContaining('s3:GetObject') }]);
    expect(reply.json.check).toMatchObject({ ok: false, permissions: { 's3:GetObject': 'fail', 's3:PutObject': 'pass' } });
    expect(await version()).toBe(before);
  });

  it('checks the saved storage, or given values over it, saving nothing', async () => {
    const saved = await call('POST', '/config/storage/check');
    expect(saved.json).toMatchObject({ ok: true, errors: [] });
    const given = await call('POST', '/config/storage/check', { body: { packages: { s3_bucket: denied } } });
    expect(given).toMatchObject({ status: 200, json: { ok: false, permissions: { 's3:GetObject': 'fail' } } });
    const secret = await call('POST', '/config/storage/check', { body: { packages: { aws_secret_key: 'wrong-secret-wrong-secret-wrong-secret-00' } } });
    expect(secret.json).toMatchObject({ ok: false, errors: [{ field: 'aws_secret_key', code: 'secretKeyMismatch' }] });
    expect((await call('POST', '/config/storage/check', { body: { packages: { s3_bucket: 'x' } } })).status).toBe(422);
    expect(await version()).toBe(2);
  });

  it('applies the saved settings in a run, one at a time, with status and events', async () => {
    expect((await call('PUT', '/config/settings', { body: { packages: { service_url: proxy.url } } })).status).toBe(204);
    proxy.setDelay(250); // long enough to be seen running
    try {
      const started = await call('POST', '/config/apply');
      expect(started.status).toBe(202);
      const runId = String(started.json.run_id);
      const second = await call('POST', '/config/apply');
      expect(second).toMatchObject({ status: 409, json: { run_id: runId, errors: [{ code: 'runInProgress', message: en.ConfigRun.runInProgress }] } });
      expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: '' } } })).status).toBe(409);
      expect((await call('GET', `/config/apply?run_id=${runId}`)).json.running).toBe(true);
      const status = await finished(runId, 'zh');
      expect(status).toMatchObject({ run_id: runId, successful: true, settings_version: 3 });
      expect((status.phases as { state: string; label: string }[]).map((phase) => [phase.label, phase.state])).toEqual([
        [zh.ConfigRun.phases.validate, 'done'], [zh.ConfigRun.phases.check, 'done'], [zh.ConfigRun.phases.write, 'done'],
        [zh.ConfigRun.phases.apply, 'done'], [zh.ConfigRun.phases.verify, 'done'],
      ]);
      const events = await call('GET', `/config/apply/events?run_id=${runId}`);
      const bodies = (events.json.events as { body: string; severity: string }[]).map((event) => event.body);
      expect(bodies).toContain(en.ConfigRun.events.applied.replace('{version}', '3'));
      expect(JSON.stringify(events.json)).not.toContain(probe().secretKey);
      expect((await call('GET', '/config/apply')).json.run_id).toBe(runId);
      const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
      expect(applied).toMatchObject({ run_id: runId, settings_version: 3, packages: { enabled: true, s3_bucket: good, service_url: proxy.url } });
      expect(JSON.stringify(applied)).not.toContain(probe().secretKey);
    } finally {
      proxy.setDelay(0);
    }
  });

  it('answers 422 for a malformed run_id and 404 for an unknown one', async () => {
    expect((await call('GET', '/config/apply?run_id=../../etc')).json.errors).toMatchObject([{ field: 'run_id', code: 'runIdInvalid' }]);
    expect((await call('GET', '/config/apply/events?run_id=0123456789abcdef')).status).toBe(404);
  });

  it('refuses a new access key without its own secret key while Packages is disabled too', async () => {
    expect((await call('PUT', '/config/settings', { body: { packages: { enabled: false } } })).status).toBe(204);
    const before = await version();
    const moved = await call('PUT', '/config/settings', { headers: { 'accept-language': 'fr' }, body: { packages: { aws_access_key: 'AKIAIOSFODNN7OTHERKY' } } });
    expect(moved).toMatchObject({ status: 422, json: { errors: [{ field: 'aws_secret_key', code: 'secretKeyRequiredForChange', message: fr.S3Storage.validation.secretKeyRequiredForChange }] } });
    expect(await version()).toBe(before);
    expect((await call('GET', '/config/settings')).json.packages).toMatchObject({ enabled: false, aws_access_key: probe().accessKey, aws_secret_key_set: true });
    // With its own secret the same change is saved (disabled: no storage check).
    expect((await call('PUT', '/config/settings', { body: { packages: { aws_access_key: 'AKIAIOSFODNN7OTHERKY', aws_secret_key: 'the-other-secret' } } })).status).toBe(204);
    expect((await call('PUT', '/config/settings', { body: storage(good) })).status).toBe(204);
  });

  it('keeps the applied configuration when an apply fails at the check', async () => {
    const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
    const current = await readSettings(env);
    // Saved behind the API's back (as a broken policy would do later): the run must catch it.
    await writeSettings({ ...current.packages, bucket: denied }, current.version, { env, actor: 'test' });
    const before = await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8');
    const started = await call('POST', '/config/apply');
    const status = await finished(String(started.json.run_id), 'fr');
    expect(status).toMatchObject({ successful: false });
    const check = (status.phases as { name: string; state: string; error: { code: string; message: string } | null }[])[1];
    expect(check).toMatchObject({ name: 'check', state: 'failed', error: { code: 'storageCheckFailed', message: fr.ConfigRun.errors.storageCheckFailed.replace('{subject}', fr.S3Storage.subject.replace('{name}', denied)) } });
    expect(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).toBe(before);
  });

  it('locks basic auth out after ten wrong passwords, like the console login', async () => {
    let reply = await call('GET', '/config/settings', { auth: basic('wrong guess') });
    for (let attempt = 0; attempt < 12 && reply.json.errors && (reply.json.errors as { code: string }[])[0]?.code !== 'locked'; attempt += 1) {
      reply = await call('GET', '/config/settings', { auth: basic('wrong guess') });
    }
    expect(reply.json.errors).toMatchObject([{ code: 'locked' }]);
    const right = await call('GET', '/config/settings');
    expect(right).toMatchObject({ status: 401, json: { errors: [{ code: 'locked' }] } });
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
