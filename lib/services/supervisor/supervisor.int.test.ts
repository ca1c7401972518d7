import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { inputFor, s3Settings, startEcosystem, tempDir } from '@/lib/testing/services';
import { BUILD_CACHE_SERVICE } from '../build-cache/service';
import type { PackagesService } from '../types';
import { ServiceChild } from './child';
import { recordAlive, stopLeftovers, writePidRecord } from './pid-record';
import { ServiceFront } from './front';
import { buildPreload } from './preload/build';
import { ServiceNotReadyError, ServiceReservedAddressError, ServiceRunner } from './runner';
import { freePort } from './free-port';
import { ServicesSupervisor } from './services-supervisor';

// The supervisor with real children: a switch under load loses no request, a crashing child is
// restarted with backoff, a child that never answers fails within the timeout, a child left by a
// killed console is stopped at the next start (by its PID record only).

const owner = ownerClient();
const bucket = bucketName('switch');
let dir: string;

/** A stand-in service whose child runs `code` (node -e is avoided: the script is a file, argv stays plain). */
async function scriptService(id: string, code: string, secret = ''): Promise<PackagesService> {
  const script = path.join(dir, `${id}.cjs`);
  await fs.writeFile(script, code);
  return {
    id,
    storageScope: { prefix: `test-scripts/${id}/`, exclude: [] },
    render: () => ({ files: [], env: { SCRIPT_SECRET: secret }, argv: [script], secrets: secret ? [secret] : [], client: {} }),
    ready: async ({ baseUrl, timeoutMs }) => void (await fetch(baseUrl, { signal: AbortSignal.timeout(timeoutMs) })),
    canary: async () => ({ ok: false, storedKeys: [], leftovers: [] }),
  };
}

beforeAll(async () => {
  dir = await tempDir('supervisor');
  // The stand-in services run with `modulesDir: dir`: the reserved-address preload is built there.
  await buildPreload(dir);
  await createBucket(owner, bucket);
});
afterAll(() => removeBucket(owner, bucket));

describe('front switch', () => {
  it('moves to a new instance while a download loop runs, losing no request, and stops the old one', async () => {
    const ecosystem = await startEcosystem(BUILD_CACHE_SERVICE, inputFor(s3Settings(bucket)), { dataDir: path.join(dir, 'switch') });
    try {
      const bytes = randomBytes(64 * 1024);
      const url = `${ecosystem.frontUrl}/v8/artifacts/${randomBytes(8).toString('hex')}?slug=loop`;
      const auth = { authorization: `Bearer ${ecosystem.runner.current!.rendered.client.bearerToken}` };
      expect([200, 202]).toContain((await fetch(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes })).status);
      const first = ecosystem.runner.current!;
      let running = true;
      const outcomes = { ok: 0, failed: [] as string[] };
      const loop = async () => {
        while (running) {
          try {
            const answer = await fetch(url, { headers: auth });
            const body = Buffer.from(await answer.arrayBuffer());
            if (answer.status === 200 && body.equals(bytes)) outcomes.ok += 1;
            else outcomes.failed.push(`HTTP ${answer.status}`);
          } catch (error) {
            outcomes.failed.push(String(error));
          }
        }
      };
      const loops = [loop(), loop(), loop()];
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ecosystem.runner.apply(inputFor(s3Settings(bucket)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      running = false;
      await Promise.all(loops);
      expect(outcomes.failed).toEqual([]);
      expect(outcomes.ok).toBeGreaterThan(20);
      expect(ecosystem.front.target).toBe(ecosystem.runner.current!.baseUrl);
      expect(ecosystem.runner.current!.baseUrl).not.toBe(first.baseUrl);
      expect(first.child.running).toBe(false);
      await expect(fs.stat(first.instanceDir)).rejects.toThrow();
    } finally {
      await ecosystem.close();
    }
  }, 90_000);
});

describe('children', () => {
  it('restarts a crashing child after 1 s, then 2 s, and records each crash; its secret is redacted in the log', async () => {
    const secret = `crash-secret-${randomBytes(8).toString('hex')}`;
    const service = await scriptService('crasher', "console.log('key is ' + process.env.SCRIPT_SECRET); setTimeout(() => process.exit(3), 50);", secret);
    const instanceDir = path.join(dir, 'crasher');
    const logFile = path.join(dir, 'crasher.log');
    const child = new ServiceChild({ instanceDir, modulesDir: dir, logFile, rendered: service.render({} as never, {} as never, 0), graceMs: 1000 });
    const started = Date.now();
    await child.start();
    while (child.restarts.length < 3 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await child.stop();
    expect(child.restarts.map((restart) => restart.delayMs)).toEqual([1000, 2000, 4000]);
    expect(child.restarts.every((restart) => restart.exitCode === 3)).toBe(true);
    // Crash 3 comes after the 1 s and 2 s delays.
    expect(Date.parse(child.restarts[2]!.at) - started).toBeGreaterThanOrEqual(3000);
    const log = await fs.readFile(logFile, 'utf8');
    expect(log).toContain('key is [redacted]');
    expect(log).toContain('restarting in 2000 ms');
    expect(log).not.toContain(secret);
  }, 20_000);

  it('fails a child that never answers within its readiness timeout and stops it', async () => {
    const service = await scriptService('silent', 'setInterval(() => {}, 1000);');
    const front = new ServiceFront({ host: '127.0.0.1', port: 0 });
    await front.listen();
    const runner = new ServiceRunner({ service, front, servicesDir: path.join(dir, 'silent'), modulesDir: dir, readyTimeoutMs: 2000, graceMs: 1000 });
    const started = Date.now();
    const failure = await runner.apply({ mode: 'enabled' } as never).catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    await front.close();
    expect(failure).toBeInstanceOf(ServiceNotReadyError);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(5000);
    expect(runner.current).toBeNull();
    const leftovers = await fs.readdir(path.join(dir, 'silent', 'silent'));
    expect(leftovers).toEqual(['service.secret']);
  });

  it('fails at once a new instance whose storage host resolves, in its own process, to a reserved address, and logs the refusal', async () => {
    // The child tries its "storage", a name the test-only table answers with a metadata address; it never gets ready.
    const code = `require('node:http').get('http://storage.rebound.test:9/', () => {}).on('error', (e) => console.error('storage: ' + e.code));`;
    const script = await scriptService('rebound', code);
    const service: PackagesService = { ...script, render: (input, paths, port) => ({ ...script.render(input, paths, port), env: { PACKAGES_CONSOLE_TEST_LOOKUP: 'storage.rebound.test=169.254.169.254' } }) };
    const front = new ServiceFront({ host: '127.0.0.1', port: 0 });
    await front.listen();
    const servicesDir = path.join(dir, 'rebound');
    const runner = new ServiceRunner({ service, front, servicesDir, modulesDir: dir, readyTimeoutMs: 20_000, graceMs: 1000 });
    const started = Date.now();
    // Without the refusal this would wait the whole 20 s readiness timeout and fail as not ready.
    service.ready = async () => Promise.reject(new Error('storage unreachable'));
    const failure = await runner.stage({ mode: 'enabled' } as never).catch((error: unknown) => error);
    await front.close();
    expect(failure).toBeInstanceOf(ServiceReservedAddressError);
    expect(failure).toMatchObject({ serviceId: 'rebound', host: 'storage.rebound.test', address: '169.254.169.254' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(runner.current).toBeNull();
    const log = await fs.readFile(runner.logFile, 'utf8');
    expect(log).toContain('ERR_RESERVED_ADDRESS: refused a connection to storage.rebound.test (169.254.169.254, a link-local or cloud metadata address)');
    // The child's own error line is not awaited: the runner stops the child on the report, which may come first.
    // That the refusal reaches the caller as ERR_RESERVED_ADDRESS is the preload's own test (reserved-address-preload.test.ts).
  }, 30_000);

  it('stops a child left by a killed console at the next start, and never a PID whose start time differs', async () => {
    const servicesDir = path.join(dir, 'leftovers');
    const spawnSleeper = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const left = spawnSleeper();
    const reused = spawnSleeper();
    // A binary's egress proxy keeps its record in its instance's egress/ folder (egress.ts).
    const egress = spawnSleeper();
    try {
      await fs.mkdir(path.join(servicesDir, 'a', 'i1', 'egress'), { recursive: true });
      await fs.mkdir(path.join(servicesDir, 'b', 'i2'), { recursive: true });
      const record = await writePidRecord(path.join(servicesDir, 'a', 'i1'), left.pid!);
      const egressRecord = await writePidRecord(path.join(servicesDir, 'a', 'i1', 'egress'), egress.pid!);
      const stale = await writePidRecord(path.join(servicesDir, 'b', 'i2'), reused.pid!);
      await fs.writeFile(path.join(servicesDir, 'b', 'i2', 'pid.json'), JSON.stringify({ ...stale, startTime: '1' }));
      const stopped = await stopLeftovers(servicesDir, 2000);
      expect(stopped.map((entry) => entry.pid).sort()).toEqual([left.pid, egress.pid].sort());
      expect(await recordAlive(record)).toBe(false);
      expect(await recordAlive(egressRecord)).toBe(false);
      expect(await recordAlive(stale)).toBe(true);
    } finally {
      left.kill('SIGKILL');
      reused.kill('SIGKILL');
      egress.kill('SIGKILL');
    }
  });
});

describe('ServicesSupervisor', () => {
  it('stops what a killed console left, stages, proves and commits a run on the stable port, publishes its status, and stops every child on shutdown', async () => {
    const dataDir = path.join(dir, 'supervisor-data');
    const leftoverDir = path.join(dataDir, 'services', BUILD_CACHE_SERVICE.id, 'old-instance');
    await fs.mkdir(leftoverDir, { recursive: true });
    const left = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const leftRecord = await writePidRecord(leftoverDir, left.pid!);
      const ports = { npm: await freePort(), 'build-cache': await freePort(), 'container-registry': await freePort() };
      const env = { ...readConsoleEnv(), dataDir, services: { host: '127.0.0.1', ports, readyTimeoutMs: 60_000, modulesDir: path.resolve('scripts/services/node_modules') } };
      const staged = { ...s3Settings(bucket), buildCacheMode: 'read-only' };
      const loaded: string[] = [];
      const loadSettings = async (runId: string) => (loaded.push(runId), staged);
      const supervisor = await ServicesSupervisor.start(env, { graceMs: 2000, loadSettings });
      expect(supervisor.stoppedLeftovers.map((record) => record.pid)).toEqual([left.pid]);
      expect(await recordAlive(leftRecord)).toBe(false);
      const frontUrl = `http://127.0.0.1:${ports['build-cache']}`;
      expect((await fetch(`${frontUrl}/v8/artifacts/x`)).status).toBe(503);

      const stagedOutcomes = await supervisor.stageRun('run-1');
      expect(loaded).toEqual(['run-1']);
      expect(stagedOutcomes).toEqual([
        { id: 'npm', action: 'none' },
        { id: BUILD_CACHE_SERVICE.id, action: 'started', port: expect.any(Number), pid: expect.any(Number) },
        { id: 'container-registry', action: 'none' },
      ]);
      // Staged, not switched: the front still has nothing behind it.
      expect((await fetch(`${frontUrl}/v8/artifacts/x`)).status).toBe(503);
      const proved = await supervisor.proveRun('run-1');
      expect(proved).toEqual([{ id: BUILD_CACHE_SERVICE.id, ok: true, storedKeys: [expect.any(String)] }]);
      await supervisor.commitRun('run-1');
      const cache = supervisor.records().find((record) => record.id === BUILD_CACHE_SERVICE.id)!;
      expect(cache).toMatchObject({ mode: 'read-only', state: 'read-only', restarts: 0, publicUrl: frontUrl, lastCanary: { runId: 'run-1', ok: true } });
      expect(cache.storage).toContain(bucket);
      expect((await fetch(`${frontUrl}/v8/artifacts/y`, { method: 'PUT', body: 'z' })).status).toBe(403);
      await expect.poll(async () => JSON.parse(await fs.readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')).ecosystems[1].state).toBe('read-only');
      await expect(supervisor.proveRun('run-1')).rejects.toThrow('nothing is staged');

      const childRecord = { pid: cache.pid!, startTime: null, instanceDir: '', startedAt: '' };
      await supervisor.shutdown();
      expect(await recordAlive(childRecord)).toBe(false);
      await expect(fetch(frontUrl)).rejects.toThrow();
      const status = JSON.parse(await fs.readFile(path.join(dataDir, 'services', 'status.json'), 'utf8'));
      expect(status.ecosystems.map((record: { state: string }) => record.state)).toEqual(['stopped', 'stopped', 'stopped']);
    } finally {
      left.kill('SIGKILL');
    }
  }, 90_000);
});
