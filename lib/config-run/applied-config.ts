import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { fsyncDirectory, writeFileAtomic } from '@/lib/settings/atomic-write';
import { effectivePathStyle, effectiveRegion } from '@/lib/settings/s3-endpoint';
import { decryptSecret, encryptSecret, loadEncryptionKey, readEncryptionKey } from '@/lib/settings/secret-box';
import { ensureDataDir } from '@/lib/settings/store';
import { SETTINGS_KEYS, type SettingsSnapshot } from '@/lib/settings/types';
import type { StorageTarget } from '@/lib/storage-check/types';

// The effective packages storage configuration the registry service reads: packages-storage.json in
// the data directory. A run writes the candidate to packages-storage.staged.json ("apply"), reads it
// back and checks the storage with it ("verify"), and only then renames it over the live file. The
// rename is the commit point: whatever fails or crashes before it, the previous configuration stays.

const FORMAT = 1;

const packagesSchema = z.object({
  enabled: z.boolean(),
  blob_storage_type: z.literal('s3'),
  service_url: z.string(),
  s3_bucket: z.string(),
  aws_access_key: z.string(),
  aws_secret_key: z.string().refine((value) => value === '' || value.startsWith('v1:')),
  s3_region: z.string(),
  s3_force_path_style: z.boolean(),
});
const appliedSchema = z.object({
  format: z.literal(FORMAT),
  run_id: z.string(),
  settings_version: z.number().int().min(0),
  applied_at: z.string(),
  packages: packagesSchema,
});
export type AppliedConfigFile = z.infer<typeof appliedSchema>;

export function appliedConfigPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'packages-storage.json');
}

export function stagedConfigPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'packages-storage.staged.json');
}

/** Renders the settings as the registry reads them: region and addressing style resolved, secret sealed. */
export async function renderAppliedConfig(snapshot: SettingsSnapshot, runId: string, env: ConsoleEnv): Promise<AppliedConfigFile> {
  const p = snapshot.packages;
  // Disabled means no storage at all for the registry: the stored credentials are not handed over.
  const on = p.enabled;
  const secret = on && p.secretKey !== '' ? encryptSecret(p.secretKey, await loadEncryptionKey(env), SETTINGS_KEYS.secretKey) : '';
  return appliedSchema.parse({
    format: FORMAT,
    run_id: runId,
    settings_version: snapshot.version,
    applied_at: new Date().toISOString(),
    packages: {
      enabled: on,
      blob_storage_type: 's3',
      service_url: on ? p.serviceUrl : '',
      s3_bucket: on ? p.bucket : '',
      aws_access_key: on ? p.accessKey : '',
      aws_secret_key: secret,
      s3_region: on ? effectiveRegion(p.serviceUrl, p.region) : '',
      s3_force_path_style: on ? effectivePathStyle(p.serviceUrl, p.pathStyle) : false,
    },
  });
}

export async function writeStagedConfig(config: AppliedConfigFile, env: ConsoleEnv): Promise<void> {
  await ensureDataDir(env);
  await writeFileAtomic(stagedConfigPath(env), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

function parseConfig(raw: string): AppliedConfigFile {
  return appliedSchema.parse(JSON.parse(raw));
}

function nullIfMissing(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}

// The live file is read by every render of the settings page (is what is saved in force?): parsed again
// only when it changed. A damaged file throws on every read, as before.
const readLiveConfig = cachedFileReader(parseConfig);

/** The configuration in force, or null before the first successful run. Throws if the file is damaged. */
export function readAppliedConfig(env: Pick<ConsoleEnv, 'dataDir'>): Promise<AppliedConfigFile | null> {
  return readLiveConfig(appliedConfigPath(env)).catch(nullIfMissing);
}

/** Always from disk, never cached: a run reads the staged file back to verify what was really written. */
export function readStagedConfig(env: Pick<ConsoleEnv, 'dataDir'>): Promise<AppliedConfigFile | null> {
  return fs.readFile(stagedConfigPath(env), 'utf8').then(parseConfig, nullIfMissing);
}

/** The storage the registry would use with this configuration, secret opened (server only). */
export async function appliedStorageTarget(config: AppliedConfigFile, env: ConsoleEnv): Promise<StorageTarget> {
  const p = config.packages;
  let secretKey = '';
  if (p.aws_secret_key !== '') {
    const key = await readEncryptionKey(env);
    if (!key) throw new Error('no encryption key to open the applied secret');
    secretKey = decryptSecret(p.aws_secret_key, key, SETTINGS_KEYS.secretKey);
  }
  return {
    serviceUrl: p.service_url,
    bucket: p.s3_bucket,
    accessKey: p.aws_access_key,
    secretKey,
    region: p.s3_region,
    pathStyle: p.s3_force_path_style ? 'path' : 'virtual',
  };
}

/** Makes the staged configuration the live one, atomically and durably. */
export async function promoteStagedConfig(env: ConsoleEnv): Promise<void> {
  await fs.rename(stagedConfigPath(env), appliedConfigPath(env));
  await fsyncDirectory(env.dataDir);
}

export async function discardStagedConfig(env: ConsoleEnv, runId: string): Promise<void> {
  const staged = await readStagedConfig(env).catch(() => null);
  if (staged === null || staged.run_id === runId) await fs.rm(stagedConfigPath(env), { force: true });
}
