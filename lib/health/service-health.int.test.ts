import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesStatusFile } from '@/lib/services/status';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { basic } from '@/lib/testing/manage-client';
import { finishedRun, manageSession } from '@/lib/testing/manage-session';
import { parsePrometheusText, sampleValue } from '@/lib/testing/prometheus-text';
import { runCli } from '@/lib/testing/run-cli';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { NOT_SLOW_MS } from '@/lib/testing/health-threshold';

// A real console (`next start`) checking every 10 s, with npm (Verdaccio) served from a Ceph bucket: the
// health monitor probes it through its front, says so in the Manage API, /metrics and the CLI; a
// registry that stops answering (SIGSTOP) is reported down within the next check; one killed (SIGKILL)
// is restarted by the supervisor and the checks see the restart and the registry up again.

const INTERVAL_S = 10;
const CHECK_TIMEOUT_MS = 3000;
const owner = ownerClient();
const bucket = bucketName('svc-health');
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';
/** The Verdaccio instance this test stopped, to be killed even when an assertion fails before it is. */
let stoppedPid: number | null = null;

type ServiceJson = { ecosystem: string; name: string; up: boolean; latency_ms: number; state: string; restarts: number; error: string | null; message: string | null };
type CheckJson = { checked_at: string; state: string; cause: { code: string; message: string }; services: ServiceJson[] };

async function npmStatus() {
  const file = JSON.parse(await readFile(path.join(dataDir, 'services', 'status.json'), 'utf8')) as ServicesStatusFile;
  return file.ecosystems.find((record) => record.id === 'npm')!;
}

async function metrics() {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: basic(ROOT_PASSWORD) }, signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

/** The first check made after `since` whose npm probe satisfies `wanted`, polling the history API; how long it took. */
async function checkAfter(since: Date, wanted: (npm: ServiceJson) => boolean, limitMs: number): Promise<{ check: CheckJson; ms: number }> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const answer = await call('GET', `/config/storage/health/history?since=${since.toISOString()}`);
    expect(answer.status).toBe(200);
    const check = (answer.json.checks as CheckJson[]).find((each) => each.services.some((probe) => probe.ecosystem === 'npm' && wanted(probe)));
    if (check) return { check, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no check after ${since.toISOString()} within ${limitMs} ms`);
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  dataDir = await tempDataDir('service-health');
  server = await startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, CONSOLE_HEALTH_INTERVAL_SECONDS: String(INTERVAL_S), CONSOLE_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS), CONSOLE_HEALTH_SLOW_MS: NOT_SLOW_MS });
  call = await manageSession(server.url);
}, 120_000);

afterAll(async () => {
  if (stoppedPid !== null) {
    try {
      process.kill(stoppedPid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await server?.stop();
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
});

describe('the health monitor and the packages services', () => {
  it('probes npm once a run has enabled it: up in the history, /metrics and the CLI; the disabled build cache has no series', async () => {
    const packages = {
      enabled: true,
      service_url: s3Env.endpoint,
      s3_bucket: bucket,
      aws_access_key: s3Env.user('PROBE').accessKey,
      aws_secret_key: s3Env.user('PROBE').secretKey,
      ecosystems: { npm: 'enabled' },
    };
    expect((await call('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
    const started = await call('POST', '/config/apply');
    expect(started.status).toBe(202);
    const applied = new Date();
    expect(await finishedRun(call, started.json.run_id as string)).toMatchObject({ successful: true });

    // The monitor checks a new configuration within seconds of the run (and every 10 s anyway).
    const { check } = await checkAfter(applied, (npm) => npm.up, 2 * INTERVAL_S * 1000 + CHECK_TIMEOUT_MS);
    expect(check.state).toBe('healthy');
    expect(check.services).toEqual([
      { ecosystem: 'npm', name: en.Ecosystems.npm.name, up: true, latency_ms: expect.any(Number), mode: 'enabled', state: 'running', restarts: 0, error: null, http_status: null, message: null },
    ]);
    expect(check.services[0]!.latency_ms).toBeLessThan(CHECK_TIMEOUT_MS);

    const families = await metrics();
    expect(families.get('console_service_up')?.type).toBe('gauge');
    expect(sampleValue(families, 'console_service_up', { ecosystem: 'npm' })).toBe(1);
    expect(sampleValue(families, 'console_service_probe_seconds', { ecosystem: 'npm' })).toBeGreaterThan(0);
    expect(families.get('console_service_up')?.samples.map((sample) => sample.labels.ecosystem)).toEqual(['npm']);

    const cli = await runCli(['storage', 'health'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`^  ${en.Ecosystems.npm.name}: ${en.StorageHealth.serviceUp} \\d+ ms, ${en.ServicesPage.states.running}$`, 'm'));
  }, 240_000);

  it('reports npm down within the next check when its registry stops answering, says why, and shows it on the health page and in the header', async () => {
    const { pid } = await npmStatus();
    expect(pid).toEqual(expect.any(Number));
    const stopped = new Date();
    process.kill(pid!, 'SIGSTOP');
    stoppedPid = pid;

    const { check, ms } = await checkAfter(stopped, (npm) => !npm.up, INTERVAL_S * 1000 + 2 * CHECK_TIMEOUT_MS + 2000);
    expect(ms).toBeLessThan(INTERVAL_S * 1000 + 2 * CHECK_TIMEOUT_MS + 2000);
    const npm = check.services.find((probe) => probe.ecosystem === 'npm')!;
    expect(npm).toMatchObject({ up: false, error: 'timeout', state: 'running', message: en.StorageHealth.serviceErrors.timeout });
    expect(npm.latency_ms).toBeGreaterThanOrEqual(CHECK_TIMEOUT_MS - 50);
    expect(check.state).toBe('degraded');
    expect(check.cause).toEqual({
      code: 'serviceDown',
      message: en.StorageHealth.causes.serviceDown.replace('{name}', en.Ecosystems.npm.name).replace('{reason}', en.StorageHealth.serviceErrors.timeout),
    });
    const health = await call('GET', '/config/storage/health');
    expect(health.json).toMatchObject({ state: 'degraded', cause: { code: 'serviceDown' }, services: [{ ecosystem: 'npm', up: false }] });
    expect(sampleValue(await metrics(), 'console_service_up', { ecosystem: 'npm' })).toBe(0);
    // The storage itself still works: it is up, the state is degraded, not failing.
    expect(sampleValue(await metrics(), 'console_storage_up')).toBe(1);
    expect((await runCli(['storage', 'health'], { env: { CONSOLE_DATA_DIR: dataDir } })).code).toBe(1);

    const cookie = await signIn(server, ROOT_PASSWORD);
    for (const messages of [fr, zh]) {
      const locale = messages === fr ? 'fr' : 'zh';
      const page = await fetch(`${server.url}/${locale}/settings/health`, { headers: { cookie }, signal: AbortSignal.timeout(20_000) });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<h2 id="health-services-title">${messages.StorageHealthPage.servicesTitle}</h2>`);
      expect(html).toMatch(new RegExp(`<tr data-ecosystem="npm" data-up="false"><th scope="row">${messages.Ecosystems.npm.name}</th>`));
      // The header: the state word, and beside it which service is down.
      expect(html).toContain(`<span class="health-status__service">${messages.StorageHealthStatus.serviceDown.replace('{name}', messages.Ecosystems.npm.name)}</span>`);
      expect(html).toContain(messages.StorageHealthStatus.label.replace('{state}', messages.StorageHealth.states.degraded));
    }
  }, 120_000);

  it('sees the registry killed, restarted by the supervisor and up again', async () => {
    const killed = new Date();
    process.kill(stoppedPid!, 'SIGKILL');
    stoppedPid = null;
    const { check } = await checkAfter(killed, (npm) => npm.up && npm.restarts >= 1, 3 * INTERVAL_S * 1000);
    expect(check.state).toBe('healthy');
    expect(check.services[0]).toMatchObject({ ecosystem: 'npm', state: 'running', error: null });
    const status = await npmStatus();
    expect(status.restarts).toBeGreaterThanOrEqual(1);
    expect(sampleValue(await metrics(), 'console_service_up', { ecosystem: 'npm' })).toBe(1);
  }, 120_000);
});
