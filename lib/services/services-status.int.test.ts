import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { runCli } from '@/lib/testing/run-cli';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { SERVICE_IDS } from './registry';
import type { ServicesStatusFile } from './status';
import { writeServicesStatus } from './status-file';

// A real console (`next start`) reading the status a supervisor publishes (written here with the
// supervisor's own writer, this test's process standing in for the console that supervises) and the
// services' logs: the Manage API, the Services page and the CLI say the same; no live report reads as stopped.

const [RUNNING = '', CRASHED = '', THIRD = ''] = SERVICE_IDS;
const PORTS = { CONSOLE_NPM_PORT: '14873', CONSOLE_BUILD_CACHE_PORT: '14874', CONSOLE_CONTAINER_REGISTRY_PORT: '14875' };
let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let cookie = '';
let dataDir = '';

function status(consolePid: number): ServicesStatusFile {
  const started = new Date(Date.now() - 3_725_000).toISOString();
  return {
    format: 1,
    updatedAt: new Date().toISOString(),
    consolePid,
    ecosystems: [
      {
        id: RUNNING,
        mode: 'enabled',
        state: 'running',
        publicUrl: 'http://127.0.0.1:14873',
        storage: 'bucket services-status-test',
        pid: 31_337,
        startedAt: started,
        restarts: 0,
        lastRestartAt: null,
        lastCanary: { at: started, runId: '00112233aabbccdd', ok: true, storedKeys: ['packages-services/canary/key'] },
      },
      {
        id: CRASHED,
        mode: 'read-only',
        state: 'crashed',
        publicUrl: 'http://127.0.0.1:14874',
        storage: 'bucket services-status-test',
        pid: null,
        startedAt: null,
        restarts: 3,
        lastRestartAt: new Date().toISOString(),
        lastCanary: null,
      },
    ],
  };
}

const logLine = (index: number) => `log line ${index} of ${RUNNING}`;
const html = async (url: string) => (await fetch(`${server.url}${url}`, { headers: { cookie }, signal: AbortSignal.timeout(20_000) })).text();
const cli = (args: string[]) => runCli(['services', ...args], { env: { CONSOLE_DATA_DIR: dataDir, ...PORTS } });

beforeAll(async () => {
  dataDir = await tempDataDir('services-status');
  server = await startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, ...PORTS });
  // The console's own supervisor publishes its (all stopped) status at start; this report replaces it
  // once that is on disk, this test's process standing in for the supervising console.
  const statusFile = path.join(dataDir, 'services', 'status.json');
  for (let waited = 0; !(await fs.readFile(statusFile, 'utf8').then((text) => (JSON.parse(text) as { consolePid?: number }).consolePid, () => undefined)); waited += 100) {
    if (waited > 10_000) throw new Error('the console published no services status');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await writeServicesStatus(dataDir, status(process.pid));
  await fs.writeFile(path.join(dataDir, 'services', `${RUNNING}.log`), Array.from({ length: 150 }, (_, index) => `${logLine(index + 1)}\n`).join(''), { mode: 0o600 });
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
  cookie = await signIn(server, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the packages services as a running console reports them', () => {
  it('Manage API: each ecosystem’s state, address, storage, process, canary and how to connect, in the caller’s language', async () => {
    const reply = await call('GET', '/packages/services');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.json.stale).toBeNull();
    const services = reply.json.services as Record<string, unknown>[];
    expect(services.map((service) => [service.id, service.state, service.mode, service.pid])).toEqual([
      [RUNNING, 'running', 'enabled', 31_337],
      [CRASHED, 'crashed', 'read-only', null],
      // Not in the file: shown stopped, never left out.
      [THIRD, 'stopped', null, null],
    ]);
    expect(services[0]).toMatchObject({ public_url: 'http://127.0.0.1:14873', storage: 'bucket services-status-test', last_canary: { run_id: '00112233aabbccdd', ok: true } });
    expect(services[0]!.uptime_seconds as number).toBeGreaterThanOrEqual(3725);
    expect(services[1]).toMatchObject({ restarts: 3, state_label: en.ServicesPage.states.crashed, last_canary: null });
    const commands = services.flatMap((service) => (service.connect as { command: string }[]).map((step) => step.command));
    expect(commands).toContain('npm config set registry http://127.0.0.1:14873');
    expect(commands).toContain('export TURBO_API=http://127.0.0.1:14874');

    const french = await call('GET', '/packages/services', { headers: { 'accept-language': 'fr' } });
    const frenchServices = french.json.services as { name: string; state_label: string; connect: { text: string }[] }[];
    expect(frenchServices.map((service) => service.name)).toEqual([fr.Ecosystems.npm.name, fr.Ecosystems['build-cache'].name, fr.Ecosystems['container-registry'].name]);
    expect(frenchServices[1]!.state_label).toBe(fr.ServicesPage.states.crashed);
    expect(frenchServices[0]!.connect[0]!.text).toBe(fr.Services.npm.connect.registry);
    expect((await call('GET', '/packages/services', { auth: null })).status).toBe(401);
  });

  it('Manage API: the last lines of a log, 1 to 1000 of them; a bad count 400, an unknown service 404, localized', async () => {
    const last100 = await call('GET', `/packages/services/${RUNNING}/logs`);
    expect(last100.json).toEqual({ id: RUNNING, lines: Array.from({ length: 100 }, (_, index) => logLine(index + 51)) });
    expect((await call('GET', `/packages/services/${RUNNING}/logs?lines=2`)).json.lines).toEqual([logLine(149), logLine(150)]);
    expect((await call('GET', `/packages/services/${RUNNING}/logs?lines=1000`)).json.lines).toHaveLength(150);
    expect((await call('GET', `/packages/services/${CRASHED}/logs`)).json).toEqual({ id: CRASHED, lines: [] });
    for (const lines of ['0', '1001', 'ten', '-1', '1.5', '']) {
      const refused = await call('GET', `/packages/services/${RUNNING}/logs?lines=${lines}`, { headers: { 'accept-language': 'zh' } });
      expect(refused.status, lines).toBe(400);
      expect(refused.json.errors).toEqual([{ field: 'lines', code: 'linesInvalid', message: zh.ServicesManage.linesInvalid }]);
    }
    const unknown = await call('GET', '/packages/services/no-such-service/logs', { headers: { 'accept-language': 'fr' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toContain('no-such-service');
    expect(unknown.json.message).toContain(fr.ServicesManage.serviceUnknown.split('{name}')[0]!);
  });

  it('the Services page shows the states, connect commands and the last 100 log lines', async () => {
    const page = await html('/fr/settings/services');
    expect(page).toContain(fr.ServicesPage.title);
    expect(page).toContain(fr.ServicesPage.states.running);
    expect(page).toContain(fr.ServicesPage.states.crashed);
    expect(page).toContain('npm config set registry http://127.0.0.1:14873');
    expect(page).toContain(logLine(150));
    expect(page).toContain(logLine(51));
    expect(page).not.toContain(`${logLine(50)}\n`);
    expect((await fetch(`${server.url}/en/settings/services`, { redirect: 'manual' })).status).toBe(307);
  });

  it('the CLI: the same JSON as the Manage API, a table, a log; exit 1 while a service crashed, 2 for an unknown name', async () => {
    const json = await cli(['--json']);
    expect(json.code, json.stderr).toBe(1);
    const api = (await call('GET', '/packages/services')).json;
    const withoutUptime = (body: Record<string, unknown>) => ({ ...body, services: (body.services as Record<string, unknown>[]).map((service) => ({ ...service, uptime_seconds: typeof service.uptime_seconds })) });
    expect(withoutUptime(JSON.parse(json.stdout))).toEqual(withoutUptime(api));

    const table = await cli([]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^${RUNNING}\\s+${en.ServicesPage.states.running}\\s+${en.Ecosystems.modes.enabled}\\s+http://127\\.0\\.0\\.1:14873\\s+31337`, 'm'));
    expect(table.stdout).toContain(`${en.ServicesPage.states.crashed} (3 restarts)`);

    const logs = await cli(['logs', RUNNING, '--lines', '3']);
    expect(logs).toMatchObject({ code: 0, stdout: `${logLine(148)}\n${logLine(149)}\n${logLine(150)}\n` });
    const unknown = await cli(['logs', 'no-such-service']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-service');
    expect((await cli(['logs', RUNNING, '--lines', '1001'])).code).toBe(2);
  });

  it('with no status file, or the console that wrote it gone, every service reads as stopped (CLI exit 4)', async () => {
    await fs.rm(path.join(dataDir, 'services', 'status.json'));
    const missing = await call('GET', '/packages/services');
    expect(missing.json.stale).toEqual({ code: 'missing', message: en.ServicesPage.staleMissing });
    expect((missing.json.services as { state: string; pid: unknown; public_url: string }[]).map(({ state, pid, public_url }) => [state, pid, public_url])).toEqual([
      ['stopped', null, 'http://127.0.0.1:14873'],
      ['stopped', null, 'http://127.0.0.1:14874'],
      ['stopped', null, 'http://127.0.0.1:14875'],
    ]);
    expect(await html('/zh/settings/services')).toContain(zh.ServicesPage.staleMissing);
    const cliMissing = await cli(['--json']);
    expect(cliMissing.code).toBe(4);
    expect(JSON.parse(cliMissing.stdout).stale.code).toBe('missing');

    const gonePid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    await writeServicesStatus(dataDir, status(gonePid));
    const gone = await call('GET', '/packages/services');
    expect(gone.json.stale).toMatchObject({ code: 'consoleGone' });
    expect((gone.json.services as { state: string }[]).every((service) => service.state === 'stopped')).toBe(true);
  });
});
