import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { writeSettings } from '@/lib/settings/store';
import { bucketName, createBucket, leftovers, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';
import { runCli, type CliRun } from '@/lib/testing/run-cli';

// The CLI as an operator or a script runs it: a real process, secret via env or stdin, JSON on stdout.

let owner: S3Client;
let granted = '';
let denied = '';

const cli = (args: string[], { secret, stdin, dataDir }: { secret?: string; stdin?: string; dataDir?: string } = {}): Promise<CliRun> =>
  runCli(args, { env: { CONSOLE_S3_SECRET_KEY: secret ?? '', ...(dataDir ? { CONSOLE_DATA_DIR: dataDir } : {}) }, stdin });

function targetArgs(bucket: string, accessKey = s3Env.user('PROBE').accessKey): string[] {
  return ['storage', 'check', '--service-url', s3Env.endpoint, '--bucket', bucket, '--access-key', accessKey, '--json'];
}

/** Exactly one JSON object on stdout, with exactly the documented keys (`identity` once credentials were obtained). */
function parseOne(stdout: string) {
  expect(stdout.trim().split('\n')).toHaveLength(1);
  const json = JSON.parse(stdout) as Record<string, unknown>;
  expect(Object.keys(json).filter((key) => key !== 'identity').sort()).toEqual(['errors', 'ok', 'permissions', 'warnings']);
  if ('identity' in json) expect(json.identity).toMatchObject({ mode: expect.any(String), source: expect.any(String), summary: expect.any(String) });
  expect(Object.keys(json.permissions as object).sort()).toEqual([...PERMISSIONS].sort());
  return json as { ok: boolean; permissions: Record<string, string>; errors: { code: string; field: string | null; message: string }[]; warnings: unknown[] };
}

beforeAll(async () => {
  owner = ownerClient();
  granted = bucketName('cli');
  denied = bucketName('cli-deny');
  await createBucket(owner, granted);
  await createBucket(owner, denied, { deny: ['s3:GetObject'] });
});

afterEach(async () => {
  for (const bucket of [granted, denied]) expect(await leftovers(owner, bucket)).toEqual([]);
});

afterAll(async () => {
  for (const bucket of [granted, denied]) await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
});

describe('cli storage check', () => {
  it('exits 0 with all seven passing (secret from the environment)', async () => {
    const run = await cli(targetArgs(granted), { secret: s3Env.user('PROBE').secretKey });
    expect(run.code, run.stderr).toBe(0);
    const json = parseOne(run.stdout);
    expect(json).toMatchObject({ ok: true, permissions: Object.fromEntries(PERMISSIONS.map((p) => [p, 'pass'])), errors: [], warnings: [] });
    expect((json as { identity?: unknown }).identity).toMatchObject({ mode: 'keys', source: 'access-keys', accessKeyId: s3Env.user('PROBE').accessKey });
    expect(run.stdout + run.stderr).not.toContain(s3Env.user('PROBE').secretKey);
  });

  it('reads the secret from stdin when the environment has none', async () => {
    const run = await cli(targetArgs(granted), { stdin: `${s3Env.user('PROBE').secretKey}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(parseOne(run.stdout).ok).toBe(true);
  });

  it('exits 1 when a permission is denied, naming it', async () => {
    const run = await cli(targetArgs(denied), { secret: s3Env.user('PROBE').secretKey });
    expect(run.code).toBe(1);
    const json = parseOne(run.stdout);
    expect(json.ok).toBe(false);
    expect(json.permissions['s3:GetObject']).toBe('fail');
    expect(json.errors).toEqual([{ code: 'permissionDenied', field: null, message: expect.stringContaining('s3:GetObject') }]);
  });

  it('exits 1 with a field for a wrong secret', async () => {
    const run = await cli(targetArgs(granted), { secret: 'wrong-secret-wrong-secret-wrong-secret-00' });
    expect(run.code).toBe(1);
    expect(parseOne(run.stdout).errors.map(({ code, field }) => ({ code, field }))).toEqual([{ code: 'secretKeyMismatch', field: 'secretKey' }]);
  });

  it('exits 2 and explains why when the secret is passed as an argument', async () => {
    const run = await cli([...targetArgs(granted), '--secret-key', 'shh-do-not-echo']);
    expect(run.code).toBe(2);
    const json = parseOne(run.stdout);
    expect(json.errors[0]).toMatchObject({ code: 'secretKeyArgument', field: 'secretKey' });
    expect(run.stderr).toMatch(/visible to other local users/);
    expect(run.stdout + run.stderr).not.toContain('shh-do-not-echo');
  });

  it('takes a short S3-compatible access key (MinIO\'s minioadmin) to the server, which does not know it', async () => {
    const run = await cli(targetArgs(granted, 'minioadmin'), { secret: 'minioadmin' });
    expect(run.code).toBe(1);
    expect(parseOne(run.stdout).errors.map(({ code, field }) => ({ code, field }))).toEqual([{ code: 'accessKeyUnknown', field: 'accessKey' }]);
  });

  it('exits 2 on an invalid bucket name, with the validation message', async () => {
    const run = await cli(targetArgs('Not_A_Bucket'), { secret: 'x' });
    expect(run.code).toBe(2);
    expect(parseOne(run.stdout).errors[0]).toMatchObject({ code: 'bucketCharacters', field: 'bucket' });
  });

  it('with no storage options checks the saved settings', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cli-settings-'));
    try {
      const empty = await cli(['storage', 'check', '--json'], { dataDir });
      expect(empty.code).toBe(2);
      expect(parseOne(empty.stdout).errors[0]?.code).toBe('storageNotConfigured');
      const { accessKey, secretKey } = s3Env.user('PROBE');
      const packages = { enabled: true, serviceUrl: s3Env.endpoint, bucket: denied, accessKey, secretKey, region: '', pathStyle: 'auto' as const };
      await writeSettings(packages, 0, { env: readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir }) });
      const run = await cli(['storage', 'check', '--json'], { dataDir });
      expect(run.code, run.stderr).toBe(1);
      expect(parseOne(run.stdout).permissions['s3:GetObject']).toBe('fail');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('prints a readable report without --json, and help on every command', async () => {
    const run = await cli(targetArgs(denied).filter((arg) => arg !== '--json'), { secret: s3Env.user('PROBE').secretKey });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+s3:GetObject\s+Access denied/);
    expect(run.stdout).toContain('"arn:aws:s3:::');
    for (const args of [['--help'], ['storage', '--help'], ['storage', 'check', '--help']]) {
      const help = await cli(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/^Usage: cli/);
    }
  });
});
