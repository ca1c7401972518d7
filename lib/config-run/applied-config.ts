import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { fsyncDirectory, writeFileAtomic } from '@/lib/fs/atomic-write';
import { decryptSecret, encryptSecret, loadEncryptionKey, readEncryptionKey } from '@/lib/fs/secret-box';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings, type SettingsSnapshot } from '@/lib/settings/types';
import { ecosystemSettingsOf, ecosystemValuesFrom } from '@/lib/services/catalog';
import { STORAGE_TYPE_IDS } from '@/lib/storage/registry';
import { storageServer } from '@/lib/storage/server';

// The effective packages storage configuration the registry service reads: packages-storage.json in
// the data directory. A run writes the candidate to packages-storage.staged.json ("apply"), reads it
// back and checks the storage with it ("verify"), and only then renames it over the live file. The
// rename is the commit point: whatever fails or crashes before it, the previous configuration stays.

const FORMAT = 1;

// The common keys; each storage type adds its own (lib/storage/<type>/server.ts), checked on reading.
const packagesSchema = z
  .object({ enabled: z.boolean(), blob_storage_type: z.enum(STORAGE_TYPE_IDS) })
  .catchall(z.union([z.string(), z.boolean()]))
  .superRefine((value, ctx) => {
    const parsed = storageServer(value.blob_storage_type).appliedSchema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  });
const appliedSchema = z.object({
  format: z.literal(FORMAT),
  run_id: z.string(),
  settings_version: z.number().int().min(0),
  applied_at: z.string(),
  packages: packagesSchema,
  /** The Ecosystem Toggles by settings key suffix (`<id>`: `enabled`); absent in files from before them (all disabled). */
  ecosystems: z.record(z.string(), z.string()).default({}),
});
export type AppliedConfigFile = z.infer<typeof appliedSchema>;

export function appliedConfigPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'packages-storage.json');
}

export function stagedConfigPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'packages-storage.staged.json');
}

/** Renders the settings as the registry reads them, by the storage type's rules, secrets sealed. */
export async function renderAppliedConfig(snapshot: SettingsSnapshot, runId: string, env: ConsoleEnv): Promise<AppliedConfigFile> {
  const p = snapshot.packages;
  // Disabled means no storage at all for the registry: the stored credentials are not handed over.
  const on = p.enabled;
  const key = on ? await loadEncryptionKey(env) : null;
  const seal = (value: string, aad: string) => {
    if (!key) throw new Error('no encryption key to seal an applied secret');
    return encryptSecret(value, key, aad);
  };
  return appliedSchema.parse({
    format: FORMAT,
    run_id: runId,
    settings_version: snapshot.version,
    applied_at: new Date().toISOString(),
    packages: {
      enabled: on,
      blob_storage_type: p.storageType,
      // The trusted CAs every storage request adds to the system's (PEM; not a secret).
      ca_certificates: on ? p.caCertificates : '',
      ...storageServer(p.storageType).renderApplied(on ? p : null, seal),
    },
    // With Packages disabled no ecosystem is served, whatever the toggles say (they are kept in the settings).
    ecosystems: ecosystemSettingsOf(on ? p : EMPTY_PACKAGES_SETTINGS),
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

/** The settings the registry would use with this configuration, secrets opened (server only). */
export async function appliedSettings(config: AppliedConfigFile, env: ConsoleEnv): Promise<PackagesSettings> {
  const p = config.packages;
  const key = await readEncryptionKey(env);
  const open = (token: string, aad: string) => {
    if (!key) throw new Error('no encryption key to open the applied secret');
    return decryptSecret(token, key, aad);
  };
  const values = storageServer(p.blob_storage_type).valuesFromApplied(p, open);
  const caCertificates = typeof p.ca_certificates === 'string' ? p.ca_certificates : '';
  return { ...EMPTY_PACKAGES_SETTINGS, ...values, ...ecosystemValuesFrom(config.ecosystems), caCertificates, enabled: p.enabled, storageType: p.blob_storage_type } as PackagesSettings;
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

/** The storage in force (Packages on), secrets opened; null when none is, or it cannot be read. */
export async function appliedStorage(env: ConsoleEnv): Promise<PackagesSettings | null> {
  const applied = await readAppliedConfig(env).catch(() => null);
  if (!applied?.packages.enabled) return null;
  // A file whose secrets no longer open (another encryption key) counts as nothing in force.
  return appliedSettings(applied, env).catch(() => null);
}
