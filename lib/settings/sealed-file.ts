import 'server-only';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { decryptSecret, encryptSecret, EncryptionKeyError, isSealedOrBlank, loadEncryptionKey, readEncryptionKey } from '@/lib/fs/secret-box';
import { defaultValueOf, STORAGE_TYPE_IDS } from '@/lib/storage/registry';
import type { StorageField } from '@/lib/storage/types';
import { storedSharedValues } from '@/lib/storage/shared/server-rules';
import { SETTINGS_FIELDS } from './fields';
import { SettingsFileError } from './settings-errors';
import { SETTINGS_KEYS, type PackagesSettings, type SettingsSnapshot } from './types';

// One settings version as it is kept on disk: settings.json, and each entry of the settings history
// (lib/history/). Secrets are sealed with the encryption key, each bound to its settings key.

const FORMAT = 1;
const K = SETTINGS_KEYS;
const SECRET_FIELDS = SETTINGS_FIELDS.filter((field) => field.secret);

const sealed = z.string().refine(isSealedOrBlank);
// A type's keys may be missing from a file saved before the type existed: they read as blank.
const fieldValue = (field: StorageField) =>
  field.secret ? sealed.default('') : field.choices ? z.enum(field.choices as [string, ...string[]]).default(defaultValueOf(field)) : z.string().default('');

export const sealedSettingsSchema = z.object({
  [K.enabled]: z.boolean(),
  [K.blobStorageType]: z.enum(STORAGE_TYPE_IDS),
  ...Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.settingsKey, fieldValue(field)])),
});

export const settingsFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().min(0),
  updatedAt: z.iso.datetime().nullable(),
  settings: sealedSettingsSchema,
});
export type SettingsFile = z.infer<typeof settingsFileSchema>;
type StoredValues = Record<string, unknown>;

async function openSecret(file: string, token: string, aad: string, env: ConsoleEnv): Promise<string> {
  if (token === '') return '';
  let key: Buffer | null;
  try {
    key = await readEncryptionKey(env);
  } catch (error) {
    // A broken key file makes the stored secret unusable; callers handle that as one case.
    if (error instanceof EncryptionKeyError) throw new SettingsFileError(file, 'undecryptable', error.message);
    throw error;
  }
  if (!key) throw new SettingsFileError(file, 'undecryptable', 'no encryption key (CONSOLE_ENCRYPTION_KEY or encryption.key)');
  try {
    return decryptSecret(token, key, aad);
  } catch {
    throw new SettingsFileError(file, 'undecryptable', `${aad} does not decrypt with the configured encryption key`);
  }
}

/** The version with its secrets opened; `file` names where it was read, for the error. */
export async function openSettingsFile(file: string, stored: SettingsFile, env: ConsoleEnv): Promise<SettingsSnapshot> {
  const s = stored.settings as StoredValues;
  const packages: StoredValues = { enabled: s[K.enabled], storageType: s[K.blobStorageType] };
  for (const field of SETTINGS_FIELDS) {
    const value = s[field.settingsKey] as string;
    packages[field.name] = field.secret ? await openSecret(file, value, field.settingsKey, env) : value;
  }
  // Only the certificates, also from a file saved before only they were kept.
  return { version: stored.version, updatedAt: stored.updatedAt, packages: storedSharedValues(packages) as PackagesSettings };
}

/** The version as written to disk, secrets sealed; validated with what reading accepts. */
export async function sealSettingsFile(next: PackagesSettings, version: number, updatedAt: string, env: ConsoleEnv): Promise<SettingsFile> {
  const values: Readonly<StoredValues> = next;
  const needsKey = SECRET_FIELDS.some((field) => values[field.name] !== '');
  const key = needsKey ? await loadEncryptionKey(env) : null;
  const settings: StoredValues = { [K.enabled]: next.enabled, [K.blobStorageType]: next.storageType };
  for (const field of SETTINGS_FIELDS) {
    const value = values[field.name] as string;
    settings[field.settingsKey] = field.secret && key && value !== '' ? encryptSecret(value, key, field.settingsKey) : value;
  }
  // Validate what we write with what we read, so a save can never produce a file we reject.
  return settingsFileSchema.parse({ format: FORMAT, version, updatedAt, settings });
}
