import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { readSettings, writeSettings } from '@/lib/settings/store';
import { SECRET, SETTINGS, tempStorePerTest } from '@/lib/testing/store-support';
import { prepareRestore } from './restore';

// What a restore is refused for before any run starts, and what it brings back when it is not.

const store = tempStorePerTest();
let env: ConsoleEnv;
beforeEach(() => {
  ({ env } = store);
});

describe('prepareRestore', () => {
  it('gives the kept version whole, its secret opened from the sealed history', async () => {
    await writeSettings(SETTINGS, 0, { env, actor: 'console' });
    await writeSettings({ ...SETTINGS, region: 'eu-west-1', secretKey: 'anotherSecretNeverShown000000000000000X' }, 1, { env, actor: 'cli' });
    const prepared = await prepareRestore({ version: 1, expectedVersion: 2 }, env);
    expect(prepared).toMatchObject({ kind: 'ready', expectedVersion: 2, next: { region: '', secretKey: SECRET } });
  });

  it('refuses a stale current version, a version not kept, and one today\'s rules reject, naming the field', async () => {
    // Saved without the checks a save runs, as an older console with looser rules could have.
    await writeSettings({ ...SETTINGS, bucket: 'Not_A_Bucket!' }, 0, { env, actor: 'console' });
    await writeSettings(SETTINGS, 1, { env, actor: 'console' });
    expect(await prepareRestore({ version: 1, expectedVersion: 1 }, env)).toEqual({ kind: 'conflict', currentVersion: 2 });
    expect(await prepareRestore({ version: 7, expectedVersion: 2 }, env)).toEqual({ kind: 'not-found' });
    const invalid = await prepareRestore({ version: 1, expectedVersion: 2 }, env);
    expect(invalid.kind).toBe('invalid');
    expect(invalid.kind === 'invalid' ? invalid.problems.map((problem) => problem.field) : []).toContain('bucket');
    expect((await readSettings(env)).version).toBe(2);
  });

  it('asks to confirm a version on another storage, and only that', async () => {
    await writeSettings(SETTINGS, 0, { env, actor: 'console' });
    await writeSettings({ ...SETTINGS, bucket: 'other-bucket' }, 1, { env, actor: 'console' });
    await writeSettings({ ...SETTINGS, bucket: 'other-bucket', region: 'eu-west-1' }, 2, { env, actor: 'console' });
    expect(await prepareRestore({ version: 1, expectedVersion: 3 }, env)).toEqual({ kind: 'confirm-required' });
    expect(await prepareRestore({ version: 1, expectedVersion: 3, confirmStorageChange: true }, env)).toMatchObject({ kind: 'ready', next: { bucket: SETTINGS.bucket } });
    expect(await prepareRestore({ version: 2, expectedVersion: 3 }, env)).toMatchObject({ kind: 'ready', next: { bucket: 'other-bucket', region: '' } });
  });
});
