import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesStatusFile } from '@/lib/services/status';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { finishedRun, manageSession } from '@/lib/testing/manage-session';
import { startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';

// The console killed with SIGKILL while it serves npm, the build cache and the Container registry: the
// next console on the same data directory stops what the killed one left (by its PID records, never a
// reused PID) and serves the configuration in force by itself. Meanwhile no secret is in any process's
// command line, data file in plain text, or service log.

const run = promisify(execFile);
const owner = ownerClient();
const bucket = bucketName('svc-restart');
const probe = () => s3Env.user('PROBE');
let server: ConsoleServer | null = null;
let dataDir = '';

async function status(): Promise<ServicesStatusFile> {
  return JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  dataDir = await tempDataDir('services-restart');
  server = await startRunConsole(dataDir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
});

describe('services across a killed console', () => {
  it('keeps secrets out of command lines, files and logs while serving', async () => {
    const call = await manageSession(server!.url);
    const packages = { enabled: true, service_url: s3Env.endpoint, s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey, ecosystems: { npm: 'enabled', 'build-cache': 'enabled', 'container-registry': 'enabled' } };
    expect((await call('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
    const started = await call('POST', '/config/apply');
    expect(await finishedRun(call, started.json.run_id as string)).toMatchObject({ successful: true });
    const serving = (await status()).ecosystems;
    expect(serving.map((record) => record.state)).toEqual(['running', 'running', 'running']);

    const { stdout } = await run('ps', ['-eo', 'pid,args', '--no-headers']);
    const lines = stdout.split('\n').filter((line) => serving.some((record) => line.trim().startsWith(`${record.pid} `)));
    expect(lines).toHaveLength(3);
    expect(stdout).not.toContain(probe().secretKey);
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.endsWith('.sock'));
    for (const file of files) expect(await readFile(path.join(file.parentPath, file.name), 'utf8'), file.name).not.toContain(probe().secretKey);
  }, 180_000);

  it('is replaced after a SIGKILL of the console: leftovers stopped by the next console, which serves the configuration in force', async () => {
    const before = (await status()).ecosystems;
    const oldPids = before.map((record) => record.pid!);
    await server!.kill();
    server = null;
    server = await startRunConsole(dataDir);
    // The new console stopped what the old one left, then started and proved the configuration in force.
    const summary = async () => (await status()).ecosystems.map((record) => `${record.state}${oldPids.includes(record.pid!) ? ' (old)' : ''}`);
    await expect.poll(summary, { timeout: 90_000, interval: 500 }).toEqual(['running', 'running', 'running']);
    const after = (await status()).ecosystems;
    for (const pid of oldPids) expect(alive(pid), `old instance ${pid}`).toBe(false);
    expect(after.map((record) => record.pid)).not.toEqual(oldPids);
    expect(after.every((record) => record.lastCanary?.ok === true)).toBe(true);
    expect((await fetch(`${after[0]!.publicUrl}/-/ping`)).status).toBe(200);
  }, 240_000);
});
