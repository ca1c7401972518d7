import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLockPath } from '@/lib/config-run/run-lock';
import { readConsoleEnv } from '@/lib/env';
import { processStartTime } from '@/lib/fs/process-owner';
import { historyFilePath } from '@/lib/history/history-store';
import { readSettings, settingsFilePath, writeSettings } from '@/lib/settings/store';
import { EMPTY_PACKAGES_SETTINGS } from '@/lib/settings/types';
import { runCli, type CliRun } from '@/lib/testing/run-cli';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import en from '@/messages/en.json';

// `cli config history`, `diff` and `restore` as an operator runs them, on a real data directory, against Ceph RGW.

let dataDir = '';
const owner = ownerClient();
const bucket = bucketName('cli-hist');
const probe = () => s3Env.user('PROBE');
const env = () => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
const cli = (args: string[]): Promise<CliRun> => runCli(args, { env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: '' } });

beforeAll(async () => {
  await createBucket(owner, bucket);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'config-history-cli-'));
  const s3 = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, serviceUrl: s3Env.endpoint, bucket, accessKey: probe().accessKey, secretKey: probe().secretKey };
  await writeSettings(s3, 0, { env: env(), actor: 'console' });
  await writeSettings({ ...s3, bucket: 'elsewhere', secretKey: 'another secret that is not the probe one' }, 1, { env: env(), actor: 'api' });
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('cli config history, diff, restore', () => {
  it('lists the versions and what changed, secrets only as changed', async () => {
    const text = await cli(['config', 'history']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^version 2 \(current\)/);
    expect(text.stdout).toContain(`secrets.packages.s3-bucket: "${bucket}" -> "elsewhere"`);
    expect(text.stdout).toContain('secrets.packages.aws-secret-key: changed');
    const json = await cli(['config', 'history', '--json']);
    expect(JSON.parse(json.stdout).versions.map((version: { version: number; actor: string }) => [version.version, version.actor])).toEqual([[2, 'api'], [1, 'console']]);
    const diff = await cli(['config', 'diff', '2', '1', '--json']);
    expect(JSON.parse(diff.stdout)).toMatchObject({ from: 2, to: 1, changes: expect.arrayContaining([{ key: 'secrets.packages.aws-secret-key', secret: true, change: 'changed' }]) });
    for (const run of [text, json, diff]) expect(run.stdout).not.toContain(probe().secretKey);
  });

  it('exits 2 on a malformed version and 1 on one that is not kept', async () => {
    expect((await cli(['config', 'diff', '1', 'two'])).code).toBe(2);
    expect((await cli(['config', 'restore'])).code).toBe(2);
    const missing = await cli(['config', 'diff', '1', '9']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is not kept');
    const restore = await cli(['config', 'restore', '9', '--json']);
    expect(restore.code).toBe(1);
    expect(JSON.parse(restore.stdout).errors[0].message).toBe(en.ConfigRun.errors.versionNotKept.replace('{version}', '9'));
  });

  it('restores version 1 with its stored secret: checked, written as version 3, applied', async () => {
    const run = await cli(['config', 'restore', '1', '--confirm-storage-change', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'succeeded', settings_version: 3 });
    expect((await readSettings(env())).packages).toMatchObject({ bucket, secretKey: probe().secretKey });
    expect(run.stdout).not.toContain(probe().secretKey);
  });

  it('exits 1 when the restored version fails its check (its secret is not the bucket owner\'s), writing nothing', async () => {
    const files = () => Promise.all([settingsFilePath(env()), historyFilePath(env())].map((file) => readFile(file, 'utf8')));
    const before = await files();
    const run = await cli(['config', 'restore', '2', '--confirm-storage-change', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ state: 'failed', settings_version: null });
    expect(json.phases.map((phase: { name: string; state: string }) => `${phase.name}:${phase.state}`)).toEqual(['validate:done', 'check:failed', 'write:pending', 'apply:pending', 'verify:pending']);
    expect(await files()).toEqual(before);
    expect(run.stdout + run.stderr).not.toContain('another secret that is not the probe one');
  });

  it('exits 3 while another configuration run is in progress, writing nothing', async () => {
    // A lock held by a live process (this test runner) stands for a run in progress elsewhere.
    const lock = { runId: '00000000000000fe', pid: process.pid, startTime: await processStartTime(process.pid), instance: 'other', createdAt: new Date().toISOString() };
    await writeFile(runLockPath({ dataDir }), JSON.stringify(lock));
    try {
      const restore = await cli(['config', 'restore', '1']);
      expect(restore.code).toBe(3);
      expect(restore.stderr).toContain(en.ConfigRun.runInProgress);
      expect((await readSettings(env())).version).toBe(3);
    } finally {
      await rm(runLockPath({ dataDir }), { force: true });
    }
  });
});
