import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLockPath } from '@/lib/config-run/run-lock';
import { processStartTime } from '@/lib/fs/process-owner';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { ROOT } from '@/lib/testing/console-server';
import { CLI_COMMAND, runCli, type CliRun } from '@/lib/testing/run-cli';
import en from '@/messages/en.json';

// `cli config …` as an operator runs it: a real process on a real data directory, against Ceph RGW.

let dataDir = '';
let owner: S3Client;
const good = bucketName('cfg');
const denied = bucketName('cfg-deny');

const cli = (args: string[], stdin = '', extraEnv: Record<string, string> = {}): Promise<CliRun> =>
  runCli(args, { env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: '', ...extraEnv }, stdin });

const get = async (key: string) => (await cli(['config', 'get', key])).stdout.trim();

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, good);
  await createBucket(owner, denied, { deny: ['s3:GetObject'] });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'config-cli-'));
});

afterAll(async () => {
  for (const bucket of [good, denied]) await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('cli config', () => {
  it('has --help on every command and exits 2 on a wrong one', async () => {
    for (const args of [['config', '--help'], ['config', 'get', '--help'], ['config', 'set', '--help'], ['config', 'list', '--help'], ['config', 'apply', '--help']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^Usage: cli config/);
      expect(run.stdout).toMatch(/Exit status:/);
    }
    expect((await cli(['config'])).code).toBe(2);
    expect((await cli(['config', 'frobnicate'])).code).toBe(2);
    expect((await cli(['--help'])).stdout).toContain('config');
  });

  it('sets and gets keys one at a time, refusing bad values with the reason', async () => {
    expect((await cli(['config', 'set', 'secrets.packages.s3-bucket', good])).code).toBe(0);
    expect(await get('secrets.packages.s3-bucket')).toBe(good);
    const bad = await cli(['config', 'set', 'secrets.packages.s3-bucket', 'Bad_Bucket']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(en.S3Storage.validation.bucketCharacters);
    expect(await get('secrets.packages.s3-bucket')).toBe(good);
    expect((await cli(['config', 'set', 'app.packages.enabled', 'yes'])).stderr).toContain(en.Validation.enabledInvalid);
    expect((await cli(['config', 'set', 'app.packages.colour', 'red'])).code).toBe(2);
    expect((await cli(['config', 'get', 'secrets.packages.nope'])).code).toBe(2);
    expect(await get('app.packages.enabled')).toBe('false');
  });

  it('takes the secret from stdin only, never prints it, masks it in the list', async () => {
    const { secretKey } = s3Env.user('PROBE');
    const argv = await cli(['config', 'set', 'secrets.packages.aws-secret-key', 'typed-on-the-command-line']);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toMatch(/not accepted as an argument/);
    expect(argv.stdout + argv.stderr).not.toContain('typed-on-the-command-line');
    expect((await cli(['config', 'set', 'secrets.packages.aws-secret-key'], `${secretKey}\n`)).code).toBe(0);
    const getSecret = await cli(['config', 'get', 'secrets.packages.aws-secret-key']);
    expect(getSecret.code).toBe(2);
    const list = await cli(['config', 'list']);
    expect(list.stdout).toContain('secrets.packages.aws-secret-key=********');
    expect(list.stdout).toContain(`secrets.packages.s3-bucket=${good}`);
    const json = JSON.parse((await cli(['config', 'list', '--json'])).stdout);
    expect(json.settings['secrets.packages.aws-secret-key']).toBe('********');
    for (const text of [list.stdout, getSecret.stdout + getSecret.stderr, await readFile(path.join(dataDir, 'settings.json'), 'utf8')]) expect(text).not.toContain(secretKey);
  });

  it('says to restore the encryption key, not to move the file, when the secret does not decrypt', async () => {
    const wrongKey = await cli(['config', 'list'], '', { CONSOLE_ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain(en.Validation.settingsUndecryptable.replace('{path}', path.join(dataDir, 'settings.json')));
    expect((await cli(['config', 'list'])).code).toBe(0);
  });

  it('applies in a run, printing one line per phase when not on a terminal', async () => {
    const { accessKey } = s3Env.user('PROBE');
    for (const [key, value] of [['secrets.packages.service-url', s3Env.endpoint], ['secrets.packages.aws-access-key', accessKey], ['app.packages.enabled', 'true']]) {
      expect((await cli(['config', 'set', key!, value!])).code).toBe(0);
    }
    const run = await cli(['config', 'apply']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain(`[2/5] ${en.ConfigRun.phases.check}: ${en.ConfigRun.states.done}`);
    expect(run.stdout).toContain(`[5/5] ${en.ConfigRun.phases.verify}: ${en.ConfigRun.states.done}`);
    expect(run.stdout).not.toContain('\u001b[');
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied).toMatchObject({ settings_version: 5, packages: { s3_bucket: good } });
  });

  it('draws a progress bar on a terminal', async () => {
    const command = [...CLI_COMMAND, 'config', 'apply'].join(' ');
    const run = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, CONSOLE_DATA_DIR: dataDir } });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', () => resolve(out));
    });
    expect(run).toContain('\u001b[2K[');
    expect(run).toMatch(/\[#{30}\] 100%/);
  });

  it('fails at the check phase with exit 1, naming the permission; the applied configuration stays', async () => {
    const before = await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8');
    expect((await cli(['config', 'set', 'secrets.packages.s3-bucket', denied])).code).toBe(0);
    const run = await cli(['config', 'apply', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.state).toBe('failed');
    expect(json.phases.map((phase: { state: string }) => phase.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(json.phases[1]).toMatchObject({ name: 'check', error: { code: 'storageCheckFailed' } });
    expect(json.errors).toEqual([{ field: null, code: 'permissionDenied', permission: 's3:GetObject', message: expect.stringContaining('s3:GetObject') }]);
    expect(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')).toBe(before);
  });

  it('exits 3 while another configuration run is in progress', async () => {
    // A lock held by a live process (this test runner) stands for a run in progress elsewhere.
    const lock = { runId: '00000000000000ff', pid: process.pid, startTime: await processStartTime(process.pid), instance: 'other', createdAt: new Date().toISOString() };
    await writeFile(runLockPath({ dataDir }), JSON.stringify(lock));
    try {
      const apply = await cli(['config', 'apply']);
      expect(apply.code).toBe(3);
      expect(apply.stderr).toContain(en.ConfigRun.runInProgress);
      expect((await cli(['config', 'set', 'secrets.packages.s3-bucket', good])).code).toBe(3);
      expect(await get('secrets.packages.s3-bucket')).toBe(denied);
    } finally {
      await rm(runLockPath({ dataDir }), { force: true });
    }
  });

  it('saves a new access key only with its own secret key, enabled or not', async () => {
    const probe = s3Env.user('PROBE');
    for (const enabled of ['false', 'true']) {
      expect((await cli(['config', 'set', 'app.packages.enabled', enabled])).code).toBe(0);
      const alone = await cli(['config', 'set', 'secrets.packages.aws-access-key', 'AKIAIOSFODNN7OTHERKY']);
      expect(alone.code).toBe(2);
      expect(alone.stderr).toContain(en.S3Storage.validation.secretKeyRequiredForChange);
      expect(await get('secrets.packages.aws-access-key')).toBe(probe.accessKey);
    }
    expect((await cli(['config', 'set', 'secrets.packages.s3-bucket', good])).code).toBe(0);
    const other = await cli(['config', 'set', 'secrets.packages.aws-access-key', 'AKIAIOSFODNN7OTHERKY'], '', { CONSOLE_S3_SECRET_KEY: 'the-other-secret-key' });
    expect(other.code, other.stderr).toBe(0);
    expect(await get('secrets.packages.aws-access-key')).toBe('AKIAIOSFODNN7OTHERKY');
    expect(other.stdout + other.stderr + (await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).not.toContain('the-other-secret-key');
    // Back to the probe's key with a wrong secret piped in: the check fails on that secret, so it was the one saved.
    expect((await cli(['config', 'set', 'secrets.packages.aws-access-key', probe.accessKey], 'not-the-probe-secret\n')).code).toBe(0);
    const run = await cli(['config', 'apply', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors).toMatchObject([{ code: 'secretKeyMismatch' }]);
  });
});
