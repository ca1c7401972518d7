import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { CLI_COMMAND, runCli, type CliRun } from '@/lib/testing/run-cli';
import { ROOT } from '@/lib/testing/console-server';
import { startLatencyProxy, type LatencyProxy } from '@/lib/testing/latency-proxy';
import en from '@/messages/en.json';

// `cli config apply --migrate | --resume` and `cli config cancel` on Ceph RGW, without a console
// process: usage errors, and a move of a few objects from bucket A to bucket B as JSON lines.

let dataDir = '';
let owner: S3Client;
let proxy: LatencyProxy;
const from = bucketName('mvcli-a');
const to = bucketName('mvcli-b');
// Behind a slow link, so that a copy to it runs long enough to be interrupted.
const far = bucketName('mvcli-c');
const cli = (args: string[], stdin = ''): Promise<CliRun> => runCli(args, { env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: '' }, stdin });
const OBJECTS: Record<string, number> = {
  'packages-services/npm/left-pad/left-pad-1.0.0.tgz': 5_000,
  'packages-services/container-registry/docker/registry/v2/blobs/sha256/ab/abcd/data': 3_000,
  'my-team/0123456789abcdef': 4_096,
};

async function keys(bucket: string): Promise<string[]> {
  const out = await owner.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((item) => `${item.Key} ${item.Size}`).filter((entry) => !entry.startsWith('.console-')).sort();
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, from);
  await createBucket(owner, to);
  await createBucket(owner, far);
  proxy = await startLatencyProxy(s3Env.endpoint, 0);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'move-cli-'));
});

afterAll(async () => {
  await proxy?.close();
  for (const bucket of [from, to, far]) await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('cli config apply --migrate', () => {
  it('refuses --migrate with --resume, a malformed run ID and a cancel without one, with the help', async () => {
    const both = await cli(['config', 'apply', '--migrate', '--resume', '0123456789abcdef']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--migrate and --resume exclude each other/);
    expect(both.stderr).toContain('Usage: cli config apply [--migrate | --resume RUN] [--json]');
    expect((await cli(['config', 'apply', '--resume', 'yesterday'])).stderr).toMatch(/--resume needs the ID of a configuration run/);
    expect((await cli(['config', 'apply', '--resume'])).code).toBe(2);
    const cancel = await cli(['config', 'cancel']);
    expect([cancel.code, cancel.stderr.includes('Usage: cli config cancel RUN')]).toEqual([2, true]);
    expect((await cli(['config', 'cancel', '0123456789abcdef'])).code).toBe(4);
    expect((await cli(['config', 'apply', '--help'])).stdout).toMatch(/--migrate +move the packages/);
    expect((await cli(['storage', 'migrate', '--help'])).stdout).toContain('cli config apply --migrate');
  });

  it('moves the objects from bucket A to bucket B, printing each run update and the result as JSON lines', async () => {
    const { accessKey, secretKey } = s3Env.user('PROBE');
    expect((await cli(['config', 'set', 'secrets.packages.aws-secret-key'], `${secretKey}\n`)).code).toBe(0);
    for (const [key, value] of [['secrets.packages.s3-bucket', from], ['secrets.packages.service-url', s3Env.endpoint], ['secrets.packages.aws-access-key', accessKey], ['app.packages.enabled', 'true']]) {
      expect((await cli(['config', 'set', key!, value!])).code).toBe(0);
    }
    const first = await cli(['config', 'apply']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    for (const [key, size] of Object.entries(OBJECTS)) await owner.send(new PutObjectCommand({ Bucket: from, Key: key, Body: Buffer.alloc(size, 3) }));
    expect((await cli(['config', 'set', 'secrets.packages.s3-bucket', to])).code).toBe(0);

    const run = await cli(['config', 'apply', '--migrate', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).every((line) => line.type === 'update')).toBe(true);
    const result = lines.at(-1);
    expect(result).toMatchObject({ type: 'result', state: 'succeeded', errors: [], migration: { to: `bucket ${to} at ${s3Env.endpoint}`, total: { objects: 3, bytes: 12_096 }, failure_count: 0 } });
    expect(result.phases.map((phase: { name: string }) => phase.name)).toEqual(['validate', 'check', 'write', 'inventory', 'copy', 'copyVerify', 'finalCopy', 'apply', 'verify']);
    // The updates show the run going through the copy's phases as they happen.
    const running = new Set(lines.flatMap((line) => line.phases.filter((phase: { state: string }) => phase.state === 'running').map((phase: { name: string }) => phase.name)));
    expect(running).toContain('copy');
    expect(new Set(lines.map((line) => JSON.stringify(line))).size).toBe(lines.length);
    expect(await keys(to)).toEqual(await keys(from));
    expect(run.stdout + run.stderr).not.toContain(secretKey);

    const cancel = await cli(['config', 'cancel', result.run_id]);
    expect([cancel.code, cancel.stderr]).toEqual([1, `config cancel: run ${result.run_id} has already finished: there is nothing to cancel.\n`]);
    const resume = await cli(['config', 'apply', '--resume', result.run_id, '--json']);
    expect(resume.code).toBe(1);
    const resumed = JSON.parse(resume.stdout.trim().split('\n').at(-1)!);
    expect(resumed).toMatchObject({ type: 'result', state: 'failed', errors: [{ code: 'migrationResumeNotFailed', message: en.ConfigRun.errors.migrationResumeNotFailed.replace('{run}', result.run_id) }] });
  });

  it('cancels the run on Ctrl-C: the run records cancelled, exit 130, the storage in force stays', async () => {
    for (let index = 0; index < 64; index += 1) await owner.send(new PutObjectCommand({ Bucket: to, Key: `packages-services/npm/many/${index}.tgz`, Body: Buffer.alloc(100, index) }));
    proxy.setDelay(400);
    try {
      for (const [key, value] of [['secrets.packages.s3-bucket', far], ['secrets.packages.service-url', proxy.url]]) expect((await cli(['config', 'set', key!, value!])).code).toBe(0);
      const [node, ...entry] = CLI_COMMAND;
      const child = spawn(node!, [...entry, 'config', 'apply', '--migrate', '--json'], { cwd: ROOT, env: { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      let stdout = '';
      let interrupted = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        // Once a line shows the copy running: the operator presses Ctrl-C.
        if (!interrupted && /"name":"copy","state":"running"/.test(stdout)) interrupted = child.kill('SIGINT');
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(interrupted).toBe(true);
      expect(code).toBe(130);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(result).toMatchObject({ type: 'result', state: 'failed', migration: { total: { objects: 67 } } });
      expect(result.phases.find((phase: { name: string }) => phase.name === 'copy').error.code).toBe('cancelled');
    } finally {
      proxy.setDelay(0);
    }
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.packages).toMatchObject({ s3_bucket: to, service_url: s3Env.endpoint });
  });
});
