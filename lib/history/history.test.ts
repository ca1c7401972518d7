import fs from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { promoteStagedConfig, renderAppliedConfig, writeStagedConfig } from '@/lib/config-run/applied-config';
import { readSettings, settingsFilePath, writeSettings } from '@/lib/settings/store';
import { SECRET, SETTINGS, tempStorePerTest } from '@/lib/testing/store-support';
import { SETTINGS_KEYS } from '@/lib/settings/types';
import { MAX_MULTILINE_LENGTH } from '@/lib/storage/shared/fields';
import { makeTestCerts } from '@/lib/testing/test-certs';
import { diffSettings } from './diff';
import { boundedVersions, historyFilePath, MAX_KEPT_VERSIONS, readHistoryFile } from './history-store';
import { compareVersions, listHistory, openVersion } from './versions';

const store = tempStorePerTest();
let env: ConsoleEnv;
beforeEach(() => {
  ({ env } = store);
});

const OTHER_SECRET = 'otherSecretValueNeverShown0000000000000X';

async function saveMany(count: number, from = 0): Promise<void> {
  for (let index = 0; index < count; index += 1) await writeSettings({ ...SETTINGS, bucket: `bucket-${from + index + 1}` }, from + index, { env, actor: 'cli' });
}

describe('diffSettings', () => {
  it('gives old and new plain values and only "changed"/"unchanged" for secrets', () => {
    const changes = diffSettings(SETTINGS, { ...SETTINGS, bucket: 'other', secretKey: OTHER_SECRET });
    expect(changes).toEqual([
      { key: SETTINGS_KEYS.bucket, field: 'bucket', secret: false, change: 'changed', from: SETTINGS.bucket, to: 'other' },
      { key: SETTINGS_KEYS.secretKey, field: 'secretKey', secret: true, change: 'changed' },
    ]);
    const same = diffSettings(SETTINGS, { ...SETTINGS, region: 'eu-west-1' });
    expect(same).toContainEqual({ key: SETTINGS_KEYS.secretKey, field: 'secretKey', secret: true, change: 'unchanged' });
    expect(JSON.stringify([changes, same])).not.toMatch(new RegExp(`${SECRET}|${OTHER_SECRET}`));
  });

  it('counts everything set from nothing, and nothing between equal versions but the kept secret', () => {
    expect(diffSettings(null, SETTINGS).map((change) => change.field)).toEqual(expect.arrayContaining(['enabled', 'bucket', 'secretKey']));
    expect(diffSettings(SETTINGS, SETTINGS)).toEqual([{ key: SETTINGS_KEYS.secretKey, field: 'secretKey', secret: true, change: 'unchanged' }]);
  });
});

describe('settings history', () => {
  it('keeps every saved version sealed, at 0600, read again from disk as a restarted console would', async () => {
    await writeSettings(SETTINGS, 0, { env, actor: 'console' });
    await writeSettings({ ...SETTINGS, secretKey: OTHER_SECRET }, 1, { env, actor: 'api' });
    const text = await fs.readFile(historyFilePath(env), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(OTHER_SECRET);
    expect((await fs.stat(historyFilePath(env))).mode & 0o777).toBe(0o600);
    const kept = await readHistoryFile(env);
    expect(kept.map((entry) => [entry.version, entry.actor])).toEqual([[1, 'console'], [2, 'api']]);
    expect((kept[0]!.settings as Record<string, unknown>)[SETTINGS_KEYS.secretKey]).toMatch(/^v1:/);
    expect((await openVersion(env, 1))?.packages.secretKey).toBe(SECRET);
    const [newest, oldest] = await listHistory(env);
    expect(newest).toMatchObject({ version: 2, actor: 'api', current: true, previous: 1, changes: [{ field: 'secretKey', change: 'changed' }] });
    expect(oldest).toMatchObject({ version: 1, current: false, previous: null });
    expect(await compareVersions(env, 2, 1)).toEqual([{ key: SETTINGS_KEYS.secretKey, field: 'secretKey', secret: true, change: 'changed' }]);
    expect(await compareVersions(env, 1, 9)).toBeNull();
  });

  it(`forgets what exceeds ${MAX_KEPT_VERSIONS} versions oldest first, but never the version in force`, async () => {
    await saveMany(2);
    // Version 2 is applied, then many more are saved without being applied.
    await writeStagedConfig(await renderAppliedConfig(await readSettings(env), '0123456789abcdef', env), env);
    await promoteStagedConfig(env);
    await saveMany(MAX_KEPT_VERSIONS + 3, 2);
    const versions = (await readHistoryFile(env)).map((entry) => entry.version);
    expect(versions).toHaveLength(MAX_KEPT_VERSIONS + 1);
    expect(versions[0]).toBe(2);
    expect(versions[1]).toBe(MAX_KEPT_VERSIONS + 5 - MAX_KEPT_VERSIONS + 1);
    expect(versions.at(-1)).toBe(MAX_KEPT_VERSIONS + 5);
    expect((await listHistory(env)).find((entry) => entry.version === 2)).toMatchObject({ inForce: true });
  }, 30_000);

  it('stays within the sizes the README gives: about 54 KB for 50 versions with S3 keys, 1.5 to 1.8 MB for 51 with the CA field full', async () => {
    await saveMany(MAX_KEPT_VERSIONS + 2);
    const small = (await fs.stat(historyFilePath(env))).size;
    expect((await readHistoryFile(env)).length).toBe(MAX_KEPT_VERSIONS);
    expect(small).toBeGreaterThan(30 * 1024);
    expect(small).toBeLessThan(60 * 1024);

    // Version 1 stays in force while 52 versions with a full trusted-CA field (32 KB) follow it.
    await writeStagedConfig(await renderAppliedConfig(await readSettings(env), '0123456789abcdef', env), env);
    await promoteStagedConfig(env);
    // As many real CA certificates as the field holds: the store keeps certificates only, re-encoded.
    const ca = makeTestCerts().pem('ca').trim();
    const full = Array.from({ length: Math.floor(MAX_MULTILINE_LENGTH / (ca.length + 1)) }, () => ca).join('\n');
    const start = (await readSettings(env)).version;
    for (let index = 0; index < MAX_KEPT_VERSIONS + 2; index += 1) await writeSettings({ ...SETTINGS, caCertificates: full, bucket: `ca-${index}` }, start + index, { env, actor: 'cli' });
    const kept = await readHistoryFile(env);
    expect((kept.at(-1)?.settings as Record<string, unknown>)[SETTINGS_KEYS.caCertificates]).toHaveLength(full.length);
    expect(kept).toHaveLength(MAX_KEPT_VERSIONS + 1);
    expect(kept[0]?.version).toBe(start);
    const size = (await fs.stat(historyFilePath(env))).size;
    expect(size).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(size).toBeLessThan(1.8 * 1024 * 1024);
  }, 60_000);

  it('bounds a list without a version in force to the newest', () => {
    const kept = [3, 1, 2].map((version) => ({ version }));
    expect(boundedVersions(kept, null, 2).map((entry) => entry.version)).toEqual([2, 3]);
    expect(boundedVersions(kept, 1, 2).map((entry) => entry.version)).toEqual([1, 2, 3]);
  });

  it('lists the saved version when the history missed it (a crash after settings.json), and keeps it on the next save', async () => {
    await saveMany(2);
    // As if the process died between writing settings.json and the history.
    const history = JSON.parse(await fs.readFile(historyFilePath(env), 'utf8')) as { versions: unknown[] };
    await fs.writeFile(historyFilePath(env), JSON.stringify({ ...history, versions: history.versions.slice(0, 1) }));
    expect((await listHistory(env)).map((entry) => [entry.version, entry.actor])).toEqual([[2, null], [1, 'cli']]);
    await saveMany(1, 2);
    expect((await readHistoryFile(env)).map((entry) => entry.version)).toEqual([1, 2, 3]);
  });

  it('reports a damaged history file and still saves the settings, leaving the file as it was', async () => {
    await saveMany(1);
    await fs.writeFile(historyFilePath(env), '{"format": 1, "versions": [');
    await saveMany(1, 1);
    expect((await readSettings(env)).version).toBe(2);
    expect(await fs.readFile(historyFilePath(env), 'utf8')).toBe('{"format": 1, "versions": [');
    await expect(listHistory(env)).rejects.toMatchObject({ reason: 'corrupt', path: historyFilePath(env) });
    expect(await fs.readFile(settingsFilePath(env), 'utf8')).not.toContain(SECRET);
  });
});
