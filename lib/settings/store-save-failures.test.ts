import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { auditLogPath, readAuditLog } from './audit-log';
import { processStartTime } from '@/lib/fs/process-owner';
import { SettingsBusyError, settingsLockPath } from './settings-lock';
import { readSettings, writeSettings } from './store';
import { SETTINGS, tempStorePerTest } from '@/lib/testing/store-support';

// Saves that meet another process's lock, or an audit log they cannot append to.

const store = tempStorePerTest();

describe('an audit entry that cannot be written', () => {
  it('still reports the save, which did land, with the reason the entry is missing', async () => {
    await writeSettings(SETTINGS, 0, { env: store.env });
    // What `sudo cli` or a full disk does to the log, in a form that stops root too.
    await fs.rm(auditLogPath(store.dir));
    await fs.mkdir(auditLogPath(store.dir));
    const saved = await writeSettings({ ...SETTINGS, bucket: 'other-bucket' }, 1, { env: store.env });
    expect(saved).toMatchObject({ version: 2, auditFailure: 'EISDIR', packages: { bucket: 'other-bucket' } });
    expect(await readSettings(store.env)).toMatchObject({ version: 2, packages: { ...SETTINGS, bucket: 'other-bucket' } });
    expect(await fs.readdir(store.dir)).not.toContain('settings.lock');

    // Once the log is writable again, the next save is logged as usual.
    await fs.rmdir(auditLogPath(store.dir));
    expect((await writeSettings(SETTINGS, 2, { env: store.env })).auditFailure).toBeNull();
    expect((await readAuditLog(store.dir)).map((entry) => entry.version)).toEqual([3]);
  });
});

describe('the settings lock', () => {
  it('refuses with SettingsBusyError, writing nothing, while another live process holds it too long', async () => {
    await writeSettings(SETTINGS, 0, { env: store.env });
    const before = await fs.readFile(store.file);
    const holder = { pid: process.ppid, startTime: await processStartTime(process.ppid), instance: 'cli', token: 'held', createdAt: new Date().toISOString() };
    await fs.writeFile(settingsLockPath(store.dir), JSON.stringify(holder));
    const error = await writeSettings({ ...SETTINGS, bucket: 'blocked-bucket' }, 1, { env: store.env, lock: { waitMs: 200 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsBusyError);
    expect((await fs.readFile(store.file)).equals(before)).toBe(true);
    expect(await readAuditLog(store.dir)).toHaveLength(1);
  });

  it('takes over a lock left by a process that died mid-save', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await fs.mkdir(store.dir, { recursive: true });
    await fs.writeFile(settingsLockPath(store.dir), JSON.stringify({ pid: dead, startTime: null, instance: 'x', token: 'gone', createdAt: new Date().toISOString() }));
    expect((await writeSettings(SETTINGS, 0, { env: store.env, lock: { waitMs: 200 } })).version).toBe(1);
    expect(await fs.readdir(store.dir)).not.toContain('settings.lock');
  });
});
