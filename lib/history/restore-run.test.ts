import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { appliedConfigPath, readAppliedConfig } from '@/lib/config-run/applied-config';
import { startConfigRun } from '@/lib/config-run/run-engine';
import type { RunRequest } from '@/lib/config-run/phases';
import type { ConfigRunRecord } from '@/lib/config-run/types';
import type { ConsoleEnv } from '@/lib/env';
import { readSettings, settingsFilePath } from '@/lib/settings/store';
import { startFakeS3, type FakeS3 } from '@/lib/testing/fake-s3';
import { historyFilePath, readHistoryFile } from './history-store';
import { listHistory } from './versions';

// A restore is a configuration run like any save: these drive it end to end against an S3 look-alike.

const FIRST_SECRET = 'first-secret-never-shown-000000000001';
const SECOND_SECRET = 'second-secret-never-shown-00000000002';
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

async function run(request: RunRequest): Promise<ConfigRunRecord> {
  const started = await startConfigRun(request, { source: 'cli', actor: 'cli', env });
  if (started.kind !== 'started') throw new Error('busy');
  return started.finished;
}

const save = (version: number, accessKey: string, secretKey: string) =>
  run({ kind: 'save', body: { enabled: true, serviceUrl: s3.url, bucket: 'bucket', accessKey, secretKey, region: '', pathStyle: 'auto', version } });

async function twoVersions(): Promise<void> {
  expect((await save(0, 'FIRSTACCESSKEY000001', FIRST_SECRET)).state).toBe('succeeded');
  expect((await save(1, 'SECONDACCESSKEY00002', SECOND_SECRET)).state).toBe('succeeded');
}

const dataFiles = async () => Promise.all([settingsFilePath(env), historyFilePath(env), appliedConfigPath(env)].map((file) => fs.readFile(file, 'utf8')));

describe('restore', { timeout: 30_000 }, () => {
  it('makes a new version equal to the kept one, its secret from the sealed history, applied by a full run', async () => {
    await twoVersions();
    const restored = await run({ kind: 'restore', version: 1, expectedVersion: 2 });
    expect(restored.phases.map((phase) => `${phase.name}:${phase.state}`)).toEqual(['validate:done', 'check:done', 'write:done', 'apply:done', 'verify:done']);
    expect(restored).toMatchObject({ state: 'succeeded', settingsVersion: 3 });
    expect(restored.events.find((event) => event.code === 'restoring')?.params).toEqual({ version: '1', current: '2' });
    expect((await readSettings(env)).packages).toMatchObject({ accessKey: 'FIRSTACCESSKEY000001', secretKey: FIRST_SECRET });
    expect(await readAppliedConfig(env)).toMatchObject({ settings_version: 3, run_id: restored.id });
    const [newest] = await listHistory(env);
    expect(newest).toMatchObject({ version: 3, restoredFrom: 1, actor: 'cli', inForce: true, run: { id: restored.id, state: 'succeeded' } });
    expect(newest!.changes.find((change) => change.secret)).toMatchObject({ change: 'changed' });
    // Nothing is rewritten in place: the history only grew.
    expect((await readHistoryFile(env)).map((kept) => [kept.version, kept.restoredFrom])).toEqual([[1, null], [2, null], [3, 1]]);
    for (const text of [...(await dataFiles()), JSON.stringify(restored)]) expect(text).not.toMatch(new RegExp(`${FIRST_SECRET}|${SECOND_SECRET}`));
  });

  it('writes nothing when the kept keys were revoked since: the check fails and says why', async () => {
    await twoVersions();
    const before = await dataFiles();
    s3.behave('ListObjectsV2', { error: 'InvalidAccessKeyId', status: 403 });
    const failed = await run({ kind: 'restore', version: 1, expectedVersion: 2 });
    expect(failed.phases.map((phase) => phase.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(failed.phases[1]?.failure).toMatchObject({ code: 'storageCheckFailed', check: { ok: false } });
    expect(failed.settingsVersion).toBeNull();
    expect(await dataFiles()).toEqual(before);
    expect(JSON.stringify(failed)).not.toContain(FIRST_SECRET);
  });

  it('refuses a stale current version and a version that is not kept, before writing anything', async () => {
    await twoVersions();
    const before = await dataFiles();
    const stale = await run({ kind: 'restore', version: 1, expectedVersion: 1 });
    expect(stale.phases[0]).toMatchObject({ state: 'failed', failure: { code: 'versionConflict', params: { version: '2' } } });
    const missing = await run({ kind: 'restore', version: 9, expectedVersion: 2 });
    expect(missing.phases[0]).toMatchObject({ state: 'failed', failure: { code: 'versionNotKept', params: { version: '9' } } });
    expect(await dataFiles()).toEqual(before);
  });

  it('asks to confirm a restore that moves the storage, and restores it once confirmed', async () => {
    await twoVersions();
    expect((await run({ kind: 'save', body: { enabled: true, serviceUrl: s3.url, bucket: 'other-bucket', accessKey: 'SECONDACCESSKEY00002', secretKey: '', region: '', pathStyle: 'auto', version: 2, confirmStorageChange: true } })).state).toBe('succeeded');
    const refused = await run({ kind: 'restore', version: 1, expectedVersion: 3 });
    expect(refused.phases[0]?.failure?.code).toBe('confirmStorageChange');
    const restored = await run({ kind: 'restore', version: 1, expectedVersion: 3, confirmStorageChange: true });
    expect(restored).toMatchObject({ state: 'succeeded', settingsVersion: 4 });
    expect((await readSettings(env)).packages).toMatchObject({ bucket: 'bucket', secretKey: FIRST_SECRET });
  });
});
