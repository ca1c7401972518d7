import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { settingsFilePath } from '@/lib/settings/store';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings } from '@/lib/settings/types';

// Shared by the store's unit tests: a fresh data directory per test, and settings to save in it.

export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const SETTINGS: PackagesSettings = {
  ...EMPTY_PACKAGES_SETTINGS,
  enabled: true,
  storageType: 's3',
  serviceUrl: 'https://s3.eu-west-1.amazonaws.com',
  bucket: 'ghe-packages',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: SECRET,
  region: '',
  pathStyle: 'auto',
  authMode: 'keys',
  roleArn: '',
  externalId: '',
  azureContainerName: '',
  azureConnectionString: '',
  caCertificates: '',
};

// Built from scratch, not from process.env, so a developer's CONSOLE_* variables cannot leak in.
export function testEnv(vars: { CONSOLE_DATA_DIR: string; CONSOLE_ENCRYPTION_KEY?: string }): ConsoleEnv {
  return readConsoleEnv({ NODE_ENV: 'test', ...vars });
}

export interface TempStore {
  dir: string;
  env: ConsoleEnv;
  file: string;
}

/** A new data directory before each test, removed after it; read the fields inside tests. */
export function tempStorePerTest(): TempStore {
  const store = {} as TempStore;
  beforeEach(async () => {
    store.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'settings-store-'));
    store.env = testEnv({ CONSOLE_DATA_DIR: store.dir });
    store.file = settingsFilePath(store.env);
  });
  afterEach(async () => {
    await fs.chmod(store.file, 0o600).catch(() => undefined);
    await fs.rm(store.dir, { recursive: true, force: true });
  });
  return store;
}
