import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTranslator } from 'use-intl/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import type { ConsoleEnv } from '@/lib/env';
import { processStartTime } from '@/lib/fs/process-owner';
import { settingsLockPath } from '@/lib/settings/settings-lock';
import { readSettings, writeSettings } from '@/lib/settings/store';
import { startFakeS3, type FakeS3 } from '@/lib/testing/fake-s3';
import { appliedConfigPath, readAppliedConfig, stagedConfigPath } from './applied-config';
import fr from '@/messages/fr.json';
import { localizeRun } from './localize-run';
import { getRun, listRuns } from './reconcile';
import { startConfigRun } from './run-engine';
import { readRunLock, runLockPath } from './run-lock';
import { loadAllRuns, saveRun } from './run-store';
import { newRunRecord } from './run-recorder';
import type { ConfigRunRecord } from './types';

const SECRET = 'fake-secret-key-never-shown-0001';
let s3: FakeS3;
let env: ConsoleEnv;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  s3 = await startFakeS3();
  ({ env, cleanup } = await tempConsoleEnv({ CONSOLE_CHECK_TIMEOUT_MS: '3000' }));
});

afterEach(async () => {
  await s3.close();
  await cleanup();
});

function submission(version: number, overrides: Record<string, unknown> = {}) {
  return { enabled: true, serviceUrl: s3.url, bucket: 'bucket', accessKey: 'FAKEACCESSKEY0000001', secretKey: SECRET, region: '', pathStyle: 'auto', version, ...overrides };
}

async function run(body: unknown): Promise<ConfigRunRecord> {
  const started = await startConfigRun({ kind: 'save', body }, { source: 'console', actor: 'test', env });
  if (started.kind !== 'started') throw new Error('busy');
  return started.finished;
}

const states = (record: ConfigRunRecord) => record.phases.map((phase) => `${phase.name}:${phase.state}`);

describe('configuration runs', () => {
  it('validates, checks, writes, applies and verifies, leaving no secret in the clear', async () => {
    const record = await run(submission(0));
    expect(states(record)).toEqual(['validate:done', 'check:done', 'write:done', 'apply:done', 'verify:done']);
    expect(record).toMatchObject({ state: 'succeeded', settingsVersion: 1 });
    expect(record.phases.every((phase) => phase.startedAt && phase.finishedAt)).toBe(true);
    expect(record.events.map((event) => event.code)).toContain('applied');
    const applied = await readAppliedConfig(env);
    expect(applied).toMatchObject({ run_id: record.id, settings_version: 1, packages: { enabled: true, s3_bucket: 'bucket', s3_region: 'us-east-1', s3_force_path_style: true } });
    expect(applied?.packages.aws_secret_key).toMatch(/^v1:/);
    for (const file of [appliedConfigPath(env), path.join(env.dataDir, 'config-runs', `${record.id}.json`)]) {
      expect(await fs.readFile(file, 'utf8')).not.toContain(SECRET);
    }
    await expect(fs.stat(stagedConfigPath(env))).rejects.toThrow();
    expect(await readRunLock(env)).toBeNull();
  });

  it('fails at the check phase, writes nothing and keeps the previous configuration', async () => {
    const first = await run(submission(0));
    s3.behave('PutObject', { error: 'AccessDenied', status: 403 });
    const record = await run(submission(1, { accessKey: 'FAKEACCESSKEY0000002' }));
    expect(states(record)).toEqual(['validate:done', 'check:failed', 'write:pending', 'apply:pending', 'verify:pending']);
    expect(record.phases[1]?.failure).toMatchObject({ code: 'storageCheckFailed', params: { subject: 'bucket' }, check: { ok: false } });
    expect((await readSettings(env)).version).toBe(1);
    expect((await readAppliedConfig(env))?.run_id).toBe(first.id);
  });

  it('fails at verify after writing the settings; the live configuration stays the previous one', async () => {
    const first = await run(submission(0));
    // Two checks per run: the fourth listing is the second run's verify.
    s3.behave('ListObjectsV2', { error: 'AccessDenied', status: 403 }, 4);
    const record = await run(submission(1, { accessKey: 'FAKEACCESSKEY0000002' }));
    expect(states(record)).toEqual(['validate:done', 'check:done', 'write:done', 'apply:done', 'verify:failed']);
    expect(record.phases[4]?.failure?.code).toBe('verifyCheckFailed');
    expect((await readSettings(env)).version).toBe(2);
    const applied = await readAppliedConfig(env);
    expect(applied).toMatchObject({ run_id: first.id, settings_version: 1, packages: { aws_access_key: 'FAKEACCESSKEY0000001' } });
    await expect(fs.stat(stagedConfigPath(env))).rejects.toThrow();
  });

  it('refuses invalid input in the validate phase, before anything else', async () => {
    const started = await startConfigRun({ kind: 'save', body: submission(0, { bucket: 'Bad_Bucket' }) }, { source: 'console', actor: 'test', env });
    expect(started.kind).toBe('started');
    if (started.kind !== 'started') return;
    expect(started.run.phases[0]).toMatchObject({ state: 'failed', failure: { code: 'invalid', problems: [{ field: 'bucket', code: 'bucketCharacters' }] } });
    expect((await started.finished).state).toBe('failed');
    expect(s3.calls).toEqual([]);
    expect((await readSettings(env)).version).toBe(0);
  });

  it('applies saved settings, and fails validation when keys set one by one do not add up', async () => {
    await writeSettings({ enabled: true, serviceUrl: s3.url, bucket: '', accessKey: 'FAKEACCESSKEY0000001', secretKey: SECRET, region: '', pathStyle: 'auto' }, 0, { env });
    const bad = await startConfigRun({ kind: 'apply' }, { source: 'cli', actor: 'cli', env });
    if (bad.kind !== 'started') throw new Error('busy');
    expect((await bad.finished).phases[0]?.failure).toMatchObject({ code: 'invalid', problems: [{ field: 'bucket', code: 'bucketRequired' }] });
    await writeSettings({ enabled: true, serviceUrl: s3.url, bucket: 'bucket', accessKey: 'FAKEACCESSKEY0000001', secretKey: SECRET, region: '', pathStyle: 'auto' }, 1, { env });
    const good = await startConfigRun({ kind: 'apply' }, { source: 'api', actor: 'api', env });
    if (good.kind !== 'started') throw new Error('busy');
    const record = await good.finished;
    expect(record).toMatchObject({ state: 'succeeded', settingsVersion: 2 });
    expect(record.events.map((event) => event.code)).toContain('settingsUnchanged');
  });

  it('allows one run at a time', async () => {
    s3.behave('GetObject', 'hang');
    const first = await startConfigRun({ kind: 'save', body: submission(0) }, { source: 'console', actor: 'test', env });
    const second = await startConfigRun({ kind: 'apply' }, { source: 'api', actor: 'api', env });
    expect(first.kind).toBe('started');
    expect(second).toEqual({ kind: 'busy', runId: first.kind === 'started' ? first.run.id : '' });
    if (first.kind === 'started') expect((await first.finished).phases[1]?.failure?.code).toBe('storageCheckFailed');
  });

  it('closes a run whose process died and takes over its stale lock', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const orphan = newRunRecord('00000000000000aa', 'console', 'test');
    orphan.phases[0] = { ...orphan.phases[0]!, state: 'done', startedAt: orphan.createdAt, finishedAt: orphan.createdAt };
    orphan.phases[1] = { ...orphan.phases[1]!, state: 'running', startedAt: orphan.createdAt };
    await saveRun(env, orphan);
    await fs.writeFile(runLockPath(env), JSON.stringify({ runId: orphan.id, pid: dead, startTime: null, instance: 'x', createdAt: orphan.createdAt }));
    expect((await listRuns(env))[0]).toMatchObject({ id: orphan.id, state: 'failed' });
    const closed = await getRun(env, orphan.id);
    expect(states(closed!)).toEqual(['validate:done', 'check:failed', 'write:pending', 'apply:pending', 'verify:pending']);
    expect(closed?.phases[1]?.failure?.code).toBe('interrupted');
    expect(await readRunLock(env)).toBeNull();
    expect((await run(submission(0))).state).toBe('succeeded');
  });

  it('marks an interrupted run successful when its configuration had already been committed', async () => {
    const done = await run(submission(0));
    const record = { ...done, state: 'running' as const, finishedAt: null, phases: done.phases.map((phase) => (phase.name === 'verify' ? { ...phase, state: 'running' as const } : phase)) };
    await saveRun(env, record);
    expect(await getRun(env, done.id)).toMatchObject({ state: 'succeeded' });
  });

  it('saves, applies and succeeds when the audit entry cannot be written, warning of it in the reader’s language', async () => {
    // A directory where the log should be: an append fails even for root, as it would for a root-owned file.
    await fs.mkdir(path.join(env.dataDir, 'audit.log'));
    const record = await run(submission(0));
    expect(record).toMatchObject({ state: 'succeeded', settingsVersion: 1 });
    expect(record.events.find((event) => event.code === 'auditLogFailed')).toMatchObject({ severity: 'WARNING', phase: 'write', params: { version: '1', error: 'EISDIR' } });
    expect((await readSettings(env)).version).toBe(1);
    expect((await readAppliedConfig(env))?.settings_version).toBe(1);
    const french = createTranslator({ locale: 'fr', messages: fr });
    const localized = localizeRun(record, (key, params) => french(key as never, params as never));
    expect(localized.warnings).toEqual([{ field: null, code: 'auditLogFailed', message: expect.stringContaining('journal d’audit') as string }]);
    expect(localized.warnings[0]?.message).toContain(path.join(env.dataDir, 'audit.log'));
  });

  it('fails the write phase, writing nothing, while another process holds the settings lock too long', async () => {
    const holder = { pid: process.ppid, startTime: await processStartTime(process.ppid), instance: 'cli', token: 'held', createdAt: new Date().toISOString() };
    await fs.writeFile(settingsLockPath(env.dataDir), JSON.stringify(holder));
    const record = await run(submission(0));
    expect(states(record)).toEqual(['validate:done', 'check:done', 'write:failed', 'apply:pending', 'verify:pending']);
    expect(record.phases[2]?.failure).toEqual({ code: 'settingsBusy' });
    expect((await readSettings(env)).version).toBe(0);
    expect(await readAppliedConfig(env)).toBeNull();
  }, 20_000);

  it('keeps the newest 50 runs', async () => {
    for (let index = 0; index < 52; index += 1) {
      const record = newRunRecord(index.toString(16).padStart(16, '0'), 'cli', 'test');
      await saveRun(env, { ...record, state: 'failed', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString() });
    }
    await run(submission(0, { bucket: 'Bad_Bucket' }));
    const kept = await loadAllRuns(env);
    expect(kept).toHaveLength(50);
    expect(kept.map((record) => record.id)).not.toContain('0000000000000000');
  });
});
