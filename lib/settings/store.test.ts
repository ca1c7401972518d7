import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { auditLogPath, readAuditLog } from './audit-log';
import {
  ensureDataDir,
  readSettings,
  SettingsFileError,
  settingsFileMessageCode,
  SettingsVersionConflictError,
  writeSettings,
} from './store';
import { SECRET, SETTINGS, testEnv, tempStorePerTest } from '@/lib/testing/store-support';
import { makeTestCerts } from '@/lib/testing/test-certs';
import { EMPTY_PACKAGES_SETTINGS, SETTINGS_KEYS } from './types';

const store = tempStorePerTest();
let dir: string;
let env: ConsoleEnv;
let file: string;
beforeEach(() => {
  ({ dir, env, file } = store);
});

async function allFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function storedJson(): Promise<{ version: number; settings: Record<string, unknown> }> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as { version: number; settings: Record<string, unknown> };
}

describe('readSettings', () => {
  it('returns version 0 and the defaults when nothing was saved, creating nothing', async () => {
    expect(await readSettings(env)).toEqual({ version: 0, updatedAt: null, packages: EMPTY_PACKAGES_SETTINGS });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it.each([
    ['invalid JSON', `{"format": 1, "settings": {"${SETTINGS_KEYS.accessKey}": "${SETTINGS.accessKey}"`],
    ['an empty file', ''],
    ['the wrong shape', JSON.stringify({ format: 1, version: 'two', updatedAt: null, settings: {} })],
    ['an unknown format', JSON.stringify({ format: 2, version: 1, updatedAt: null, settings: {} })],
    ['a plaintext secret', ''],
  ])('reports %s as corrupt, naming the path, and never touches the file', async (label, content) => {
    let text = content;
    if (label === 'a plaintext secret') {
      await writeSettings(SETTINGS, 0, { env });
      const stored = await storedJson();
      stored.settings[SETTINGS_KEYS.secretKey] = SECRET;
      text = JSON.stringify(stored);
    }
    await fs.writeFile(file, text);
    const before = await fs.readFile(file);
    const error = await readSettings(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsFileError);
    expect(error).toMatchObject({ path: file, reason: 'corrupt' });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).not.toContain(SETTINGS.accessKey);
    expect((error as Error).message).not.toContain(SECRET);
    await expect(writeSettings(SETTINGS, 0, { env })).rejects.toBeInstanceOf(SettingsFileError);
    await expect(writeSettings(SETTINGS, 1, { env })).rejects.toBeInstanceOf(SettingsFileError);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('reports a settings path that is a directory as unreadable', async () => {
    await fs.mkdir(file);
    const error = await readSettings(env).catch((e: unknown) => e);
    expect(error).toMatchObject({ path: file, reason: 'unreadable', name: 'SettingsFileError' });
    expect(settingsFileMessageCode(error as SettingsFileError)).toBe('settingsUnreadable');
    await expect(writeSettings(SETTINGS, 0, { env })).rejects.toMatchObject({ reason: 'unreadable' });
    expect((await fs.stat(file)).isDirectory()).toBe(true);
  });

  it('reports a secret sealed with another key as undecryptable', async () => {
    await writeSettings(SETTINGS, 0, { env });
    const before = await fs.readFile(file);
    const otherEnv = testEnv({ CONSOLE_DATA_DIR: dir, CONSOLE_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    const error = await readSettings(otherEnv).catch((e: unknown) => e);
    expect(error).toMatchObject({ path: file, reason: 'undecryptable' });
    expect(settingsFileMessageCode(error as SettingsFileError)).toBe('settingsUndecryptable');
    expect((error as Error).message).not.toContain(SECRET);
    await expect(writeSettings(SETTINGS, 1, { env: otherEnv })).rejects.toMatchObject({ reason: 'undecryptable' });
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('reports a lost key file as undecryptable instead of minting a new key', async () => {
    await writeSettings(SETTINGS, 0, { env });
    await fs.rm(path.join(dir, 'encryption.key'));
    await expect(readSettings(env)).rejects.toMatchObject({ reason: 'undecryptable' });
    await expect(writeSettings(SETTINGS, 1, { env })).rejects.toMatchObject({ reason: 'undecryptable' });
    expect(await fs.readdir(dir)).not.toContain('encryption.key');
  });
});

describe('writeSettings', () => {
  it('round-trips, bumps the version and stores the file as 0600 under SETTINGS_KEYS', async () => {
    const saved = await writeSettings(SETTINGS, 0, { env });
    expect(saved).toMatchObject({ version: 1, packages: SETTINGS, auditFailure: null });
    expect(Date.parse(saved.updatedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const { auditFailure, ...snapshot } = saved;
    expect(auditFailure).toBeNull();
    expect(await readSettings(env)).toEqual(snapshot);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    const stored = await storedJson();
    expect(stored).toMatchObject({ format: 1, version: 1, updatedAt: saved.updatedAt });
    expect(Object.keys(stored.settings).sort()).toEqual(Object.values(SETTINGS_KEYS).sort());
    expect(stored.settings[SETTINGS_KEYS.blobStorageType]).toBe('s3');
    expect(stored.settings[SETTINGS_KEYS.secretKey]).toMatch(/^v1:/);

    const second = await writeSettings({ ...SETTINGS, enabled: false, pathStyle: 'path' }, 1, { env });
    expect(second.version).toBe(2);
    expect((await readSettings(env)).packages).toEqual({ ...SETTINGS, enabled: false, pathStyle: 'path' });
  });

  it('stores only the settings fields of what it is given', async () => {
    const form = { ...SETTINGS, version: 0, confirmStorageChange: true };
    const saved = await writeSettings(form, 0, { env });
    expect(saved.packages).toEqual(SETTINGS);
  });

  it('writes and reads back only the CA certificates, re-encoded, whatever surrounded them', async () => {
    const ca = makeTestCerts().pem('ca').trim();
    const saved = await writeSettings({ ...SETTINGS, caCertificates: `# corporate root\r\n\r\n${ca.replace(/\n/g, '\r\n')}\n\n` }, 0, { env });
    expect(saved.packages.caCertificates).toBe(ca);
    expect((await storedJson()).settings[SETTINGS_KEYS.caCertificates]).toBe(ca);
    // A file saved before only the certificates were kept reads back without its other lines.
    const old = await storedJson();
    await fs.writeFile(file, JSON.stringify({ ...old, settings: { ...old.settings, [SETTINGS_KEYS.caCertificates]: `${ca}\nnote: not a certificate` } }));
    expect((await readSettings(env)).packages.caCertificates).toBe(ca);
  });

  it('never writes the secret in plaintext anywhere in the data dir', async () => {
    await writeSettings(SETTINGS, 0, { env });
    await writeSettings({ ...SETTINGS, bucket: 'other-bucket' }, 1, { env });
    const files = await allFiles(dir);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['audit.log', 'encryption.key', 'settings-history.json', 'settings.json']);
    for (const f of files) {
      const content = await fs.readFile(f);
      expect(content.includes(SECRET), f).toBe(false);
      expect(content.includes(Buffer.from(SECRET).toString('base64')), f).toBe(false);
    }
  });

  it('stores an empty secret as empty and needs no key for it', async () => {
    await writeSettings({ ...SETTINGS, secretKey: '' }, 0, { env });
    expect((await storedJson()).settings[SETTINGS_KEYS.secretKey]).toBe('');
    expect(await fs.readdir(dir)).not.toContain('encryption.key');
  });

  it('throws a version conflict on a stale version and leaves file and log unchanged', async () => {
    await writeSettings(SETTINGS, 0, { env });
    const before = await fs.readFile(file);
    const error = await writeSettings({ ...SETTINGS, bucket: 'stale-bucket' }, 0, { env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsVersionConflictError);
    expect((error as SettingsVersionConflictError).currentVersion).toBe(1);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    expect(await readAuditLog(dir)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent writes with the same version win', async () => {
    const buckets = ['bucket-a', 'bucket-b', 'bucket-c', 'bucket-d', 'bucket-e'];
    const results = await Promise.allSettled(buckets.map((bucket) => writeSettings({ ...SETTINGS, bucket }, 0, { env })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const r of lost) expect(r.reason).toBeInstanceOf(SettingsVersionConflictError);
    const current = await readSettings(env);
    expect(current.version).toBe(1);
    expect(current.packages.bucket).toBe(buckets[results.findIndex((r) => r.status === 'fulfilled')]);
    expect(await readAuditLog(dir)).toHaveLength(1);
  });

  it('serializes concurrent writes that each expect the previous version', async () => {
    const writes = [0, 1, 2].map((version) => writeSettings({ ...SETTINGS, region: `r${version}` }, version, { env }));
    expect((await Promise.all(writes)).map((s) => s.version)).toEqual([1, 2, 3]);
    expect((await readSettings(env)).packages.region).toBe('r2');
  });
});

describe('audit log', () => {
  it('has one entry per write with the changed key names, the actor, and never a value', async () => {
    await writeSettings(SETTINGS, 0, { env, actor: 'cli' });
    await writeSettings({ ...SETTINGS, bucket: 'other-bucket', pathStyle: 'virtual' }, 1, { env });
    await writeSettings({ ...SETTINGS, bucket: 'other-bucket', pathStyle: 'virtual' }, 2, { env });
    const entries = await readAuditLog(dir);
    expect(entries).toEqual([
      {
        time: expect.any(String) as string,
        version: 1,
        actor: 'cli',
        changed: [SETTINGS_KEYS.enabled, SETTINGS_KEYS.serviceUrl, SETTINGS_KEYS.bucket, SETTINGS_KEYS.accessKey, SETTINGS_KEYS.secretKey],
      },
      { time: expect.any(String) as string, version: 2, actor: 'console', changed: [SETTINGS_KEYS.bucket, SETTINGS_KEYS.pathStyle] },
      { time: expect.any(String) as string, version: 3, actor: 'console', changed: [] },
    ]);
    const raw = await fs.readFile(auditLogPath(dir), 'utf8');
    for (const value of [SECRET, SETTINGS.accessKey, SETTINGS.bucket, 'other-bucket', SETTINGS.serviceUrl]) {
      expect(raw).not.toContain(value);
    }
  });

  it('logs the secret key name when only the secret changes', async () => {
    await writeSettings(SETTINGS, 0, { env });
    await writeSettings({ ...SETTINGS, secretKey: `${SECRET}-rotated` }, 1, { env });
    expect((await readAuditLog(dir))[1]?.changed).toEqual([SETTINGS_KEYS.secretKey]);
    expect(await fs.readFile(auditLogPath(dir), 'utf8')).not.toContain(SECRET);
  });

  it('skips a torn last line and keeps appending on a fresh line', async () => {
    await writeSettings(SETTINGS, 0, { env });
    await fs.appendFile(auditLogPath(dir), '{"time":"2024-');
    expect(await readAuditLog(dir)).toHaveLength(1);
    await writeSettings(SETTINGS, 1, { env });
    expect((await readAuditLog(dir)).map((e) => e.version)).toEqual([1, 2]);
  });

  it('is empty before the first save', async () => {
    expect(await readAuditLog(dir)).toEqual([]);
  });
});

describe('ensureDataDir', () => {
  it('creates a missing data dir with mode 0700', async () => {
    const nested = testEnv({ CONSOLE_DATA_DIR: path.join(dir, 'a', 'b') });
    await ensureDataDir(nested);
    expect((await fs.stat(nested.dataDir)).mode & 0o777).toBe(0o700);
  });
});
