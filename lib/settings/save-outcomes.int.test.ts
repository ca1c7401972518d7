import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { signIn, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { manageSession, versionOf } from '@/lib/testing/manage-session';
import { runCli } from '@/lib/testing/run-cli';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { readAuditLog } from './audit-log';
import { processStartTime } from '@/lib/fs/process-owner';
import { settingsLockPath } from './settings-lock';
import { readSettings } from './store';

// What the console, the Manage API and the CLI tell the admin when a save meets another process's
// lock, or lands while its audit entry cannot be written: always the truth, in the admin's language.

let server: ConsoleServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

const prefix = (template: string) => template.split('{')[0]!;
const REGION = 'app.packages.s3-region';

async function started(label: string) {
  const dataDir = await tempDataDir(label);
  server = await startRunConsole(dataDir);
  const call = await manageSession(server.url);
  // Packages stays disabled: no storage check, so these tests are about the save alone.
  expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: 'eu-west-1' } } })).status).toBe(204);
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
  const cli = (args: string[]) => runCli(args, { env: { CONSOLE_DATA_DIR: dataDir } });
  return { dataDir, call, cli, version: async () => (await readSettings(env)).version, region: async () => (await readSettings(env)).packages.region };
}

describe('a save whose audit entry cannot be written', () => {
  it('is reported as saved, with a localized warning, by the Manage API, the console and the CLI', async () => {
    const { dataDir, call, cli, version, region } = await started('audit-fail');
    const auditLog = path.join(dataDir, 'audit.log');
    // As after `sudo cli` left a root-owned log, in a form that stops root too.
    await fs.rm(auditLog);
    await fs.mkdir(auditLog);

    const api = await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } }, headers: { 'accept-language': 'fr' } });
    expect(api.status).toBe(200);
    expect(versionOf(api.headers.get('etag'))).toBe(2);
    expect(api.json.warnings).toEqual([{ field: null, code: 'auditLogFailed', message: api.json.message }]);
    expect(api.json.message).toContain(prefix(fr.Validation.auditLogFailed));
    expect(api.json.message).toContain(auditLog);
    expect(await region()).toBe('us-east-1');
    expect(server!.output()).toContain(`Settings version 2 saved, but its audit entry could not be written: EISDIR in ${auditLog}`);

    const cookie = await signIn(server!, ROOT_PASSWORD);
    const headers = { cookie, 'content-type': 'application/json', 'accept-language': 'zh-CN' };
    const consoleSave = await fetch(`${server!.url}/api/settings/packages`, { method: 'PUT', headers, body: JSON.stringify({ enabled: false, version: 2 }) });
    expect(consoleSave.status).toBe(202);
    const { run } = (await consoleSave.json()) as { run: { id: string } };
    type RunStatus = { running: boolean; successful: boolean; settingsVersion: number; warnings: { code: string; message: string }[] };
    let finished: RunStatus | null = null;
    for (let polls = 0; polls < 100 && !finished; polls += 1) {
      const status = (await (await fetch(`${server!.url}/api/config/runs/${run.id}`, { headers })).json()) as RunStatus;
      if (!status.running) finished = status;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(finished).toMatchObject({ successful: true, settingsVersion: 3, warnings: [{ code: 'auditLogFailed' }] });
    expect(finished?.warnings[0]?.message).toContain(prefix(zh.ConfigRun.events.auditLogFailed));

    const set = await cli(['config', 'set', REGION, 'us-west-2']);
    expect(set.code).toBe(0);
    expect(set.stderr).toContain('Saved app.packages.s3-region (settings version 4)');
    expect(set.stderr).toContain(`config set: warning: ${prefix(en.Validation.auditLogFailed)}`);
    expect(set.stderr).toContain('(EISDIR)');
    expect(await version()).toBe(4);
    expect(await region()).toBe('us-west-2');

    // Once the log can be written again, saves are logged again (the missed ones stay missing, as warned).
    await fs.rmdir(auditLog);
    expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: '' } } })).status).toBe(204);
    expect((await readAuditLog(dataDir)).map((entry) => entry.version)).toEqual([5]);
  });
});

describe('a save while another process holds the settings lock', () => {
  it('waits a few seconds, then refuses with a localized "try again", changing nothing; a dead holder’s lock is taken over', async () => {
    const { dataDir, call, cli, version } = await started('lock-held');
    // This test process holds it: alive, and neither the server nor the CLI.
    const held = JSON.stringify({ pid: process.pid, startTime: await processStartTime(process.pid), instance: 'test', token: 'held', createdAt: new Date().toISOString() });
    await fs.writeFile(settingsLockPath(dataDir), held);

    const startedAt = Date.now();
    const api = await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-east-1' } }, headers: { 'accept-language': 'zh-CN' } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(4_500);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('1');
    expect(api.json).toMatchObject({ message: zh.Validation.settingsBusy, errors: [{ field: null, code: 'settingsBusy' }] });

    const set = await cli(['config', 'set', REGION, 'us-east-1']);
    expect(set.code).toBe(3);
    expect(set.stderr).toContain(`config set: ${en.Validation.settingsBusy}`);
    expect(await version()).toBe(1);
    expect(await fs.readFile(settingsLockPath(dataDir), 'utf8')).toBe(held);

    // The holder dies without releasing it (as a SIGKILLed CLI would): the next save takes it over at once.
    await fs.writeFile(settingsLockPath(dataDir), held.replace(`"pid":${process.pid}`, '"pid":999999999'));
    expect((await cli(['config', 'set', REGION, 'us-east-1'])).code).toBe(0);
    expect((await call('PUT', '/config/settings', { body: { packages: { s3_region: 'us-west-2' } } })).status).toBe(204);
    expect(await version()).toBe(3);
    expect((await readAuditLog(dataDir)).map((entry) => entry.version)).toEqual([1, 2, 3]);
    expect(await fs.readdir(dataDir)).not.toContain('settings.lock');
  }, 60_000);
});

describe('the CLI saving while the server saves', () => {
  it('never writes one version twice: each landed save has its own version and audit entry', async () => {
    const { dataDir, call, cli } = await started('cli-race');
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'];
    const landed: { version: number; region: string; by: string }[] = [];
    const apiSaves = async (client: number) => {
      for (let i = 0; i < 15; i += 1) {
        const current = await call('GET', '/config/settings');
        const seen = (current.json.packages as { s3_region: string }).s3_region;
        const region = regions.filter((r) => r !== seen)[(client + i) % 3]!;
        const save = await call('PUT', '/config/settings', { body: { packages: { s3_region: region } }, headers: { 'if-match': current.headers.get('etag') ?? '' } });
        expect([204, 409, 412]).toContain(save.status);
        if (save.status === 204) landed.push({ version: versionOf(save.headers.get('etag')), region, by: 'api' });
      }
    };
    const cliSaves = async (client: number) => {
      for (let i = 0; i < 4; i += 1) {
        const region = `cli-${client}-${i}`;
        const set = await cli(['config', 'set', REGION, region]);
        // 1: lost the race (changed meanwhile); never 3 (busy) at this load.
        expect([0, 1], set.stderr).toContain(set.code);
        const version = /settings version (\d+)/.exec(set.stderr)?.[1];
        if (set.code === 0) landed.push({ version: Number(version), region, by: 'cli' });
      }
    };
    await Promise.all([...[0, 1, 2, 3].map(apiSaves), ...[0, 1, 2].map(cliSaves)]);

    const versions = landed.map((save) => save.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: landed.length }, (_, i) => i + 2));
    expect(landed.some((save) => save.by === 'cli')).toBe(true);
    expect((await readAuditLog(dataDir)).map((entry) => [entry.version, entry.actor])).toEqual([
      [1, 'api'],
      ...[...landed].sort((a, b) => a.version - b.version).map((save) => [save.version, save.by]),
    ]);
    const last = landed.find((save) => save.version === versions.at(-1))!;
    expect((await call('GET', '/config/settings')).json).toMatchObject({ version: last.version, packages: { s3_region: last.region } });
  }, 180_000);
});
