import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { appendAuditEntry } from './audit-log';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { decryptSecret, encryptSecret, EncryptionKeyError, loadEncryptionKey, readEncryptionKey } from '@/lib/fs/secret-box';
import { SettingsFileError, SettingsVersionConflictError } from './settings-errors';
import { withSettingsLock, type SettingsLockOptions } from './settings-lock';
import { DEFAULT_STORAGE_TYPE, defaultValueOf, STORAGE_FIELDS, STORAGE_TYPE_IDS } from '@/lib/storage/registry';
import { storedSharedValues } from '@/lib/storage/shared/server-rules';
import type { StorageField } from '@/lib/storage/types';
import { EMPTY_PACKAGES_SETTINGS, SETTINGS_KEYS, type PackagesSettings, type SettingsSnapshot } from './types';

// The settings file is the single source of truth. A file we cannot understand is reported and
// left exactly as it is: "repairing" it would silently discard an operator's storage settings.

export { SettingsFileError, settingsFileMessageCode, SettingsVersionConflictError, type SettingsFileProblem } from './settings-errors';

const FORMAT = 1;
const K = SETTINGS_KEYS;
const SECRET_FIELDS = STORAGE_FIELDS.filter((field) => field.secret);

const sealed = z.string().refine((value) => value === '' || value.startsWith('v1:'));
// A type's keys may be missing from a file saved before the type existed: they read as blank.
const fieldValue = (field: StorageField) =>
  field.secret ? sealed.default('') : field.choices ? z.enum(field.choices as [string, ...string[]]).default(defaultValueOf(field)) : z.string().default('');

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().min(0),
  updatedAt: z.iso.datetime().nullable(),
  settings: z.object({
    [K.enabled]: z.boolean(),
    [K.blobStorageType]: z.enum(STORAGE_TYPE_IDS),
    ...Object.fromEntries(STORAGE_FIELDS.map((field) => [field.settingsKey, fieldValue(field)])),
  }),
});
type SettingsFile = z.infer<typeof fileSchema>;
type StoredValues = Record<string, unknown>;

export function settingsFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'settings.json');
}

export { ensureDataDir } from '@/lib/fs/data-dir';

// Read by every render of the settings page and every Manage API call: parsed and validated again only
// when the file changed. Errors are not cached: a broken file is reported on every read, as before.
const readSettingsFile = cachedFileReader((raw, _stat, file): SettingsFile => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // The parser's message quotes the file's text, which may hold credentials: leave it out.
    throw new SettingsFileError(file, 'corrupt', 'not valid JSON');
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new SettingsFileError(file, 'corrupt', `unexpected content at ${where.join(', ')}`);
  }
  return parsed.data;
}, { readError: (code, file) => new SettingsFileError(file, 'unreadable', code) });

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

async function toSnapshot(file: string, stored: SettingsFile, env: ConsoleEnv): Promise<SettingsSnapshot> {
  const s = stored.settings as StoredValues;
  const packages: StoredValues = { enabled: s[K.enabled], storageType: s[K.blobStorageType] };
  for (const field of STORAGE_FIELDS) {
    const value = s[field.settingsKey] as string;
    packages[field.name] = field.secret ? await openSecret(file, value, field.settingsKey, env) : value;
  }
  // Only the certificates, also from a file saved before only they were kept.
  return { version: stored.version, updatedAt: stored.updatedAt, packages: storedSharedValues(packages) as PackagesSettings };
}

/** The stored settings; version 0 and the defaults when nothing was saved yet. */
export async function readSettings(env: ConsoleEnv = readConsoleEnv()): Promise<SettingsSnapshot> {
  const file = settingsFilePath(env);
  const stored = await readSettingsFile(file);
  if (!stored) return { version: 0, updatedAt: null, packages: { ...EMPTY_PACKAGES_SETTINGS } };
  return toSnapshot(file, stored, env);
}

/** Settings to save; a type or a field left out is saved as its default (blank). */
export type SettingsToWrite = Pick<PackagesSettings, 'enabled'> & Partial<PackagesSettings>;

// Callers often pass a parsed form (with version, confirmStorageChange, …); keep only settings.
function pickPackages(next: SettingsToWrite): PackagesSettings {
  const values = next as unknown as StoredValues;
  const picked: StoredValues = { enabled: next.enabled, storageType: next.storageType ?? DEFAULT_STORAGE_TYPE };
  for (const field of STORAGE_FIELDS) picked[field.name] = values[field.name] ?? defaultValueOf(field);
  return storedSharedValues(picked) as PackagesSettings; // by any path (form, Manage API, CLI): only the CA certificates
}

function changedKeys(before: PackagesSettings, after: PackagesSettings): string[] {
  // SETTINGS_KEYS names each field's stored key; secrets are compared as plaintext.
  const fields = Object.keys(K) as (keyof typeof K)[];
  const value = (settings: PackagesSettings, field: keyof typeof K) => (field === 'blobStorageType' ? settings.storageType : (settings as unknown as StoredValues)[field]);
  return fields.filter((field) => value(before, field) !== value(after, field)).map((field) => K[field]);
}

async function serialize(next: PackagesSettings, version: number, updatedAt: string, env: ConsoleEnv): Promise<string> {
  const values = next as unknown as StoredValues;
  const needsKey = SECRET_FIELDS.some((field) => values[field.name] !== '');
  const key = needsKey ? await loadEncryptionKey(env) : null;
  const settings: StoredValues = { [K.enabled]: next.enabled, [K.blobStorageType]: next.storageType };
  for (const field of STORAGE_FIELDS) {
    const value = values[field.name] as string;
    settings[field.settingsKey] = field.secret && key && value !== '' ? encryptSecret(value, key, field.settingsKey) : value;
  }
  const file = { format: FORMAT, version, updatedAt, settings };
  // Validate what we write with what we read, so a save can never produce a file we reject.
  fileSchema.parse(file);
  return `${JSON.stringify(file, null, 2)}\n`;
}

// Serializes writers within this process, which is cheap; the settings lock (settings-lock.ts) inside it
// makes read-compare-write exclusive across processes too (the CLI next to the server).
let writeQueue: Promise<unknown> = Promise.resolve();

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = writeQueue.then(task, task);
  writeQueue = run.catch(() => undefined);
  return run;
}

export interface WriteSettingsOptions {
  /** Who saved, for the audit log: 'console', 'cli', … */
  actor?: string;
  env?: ConsoleEnv;
  /** How long to wait for another process's save, and when its lock counts as abandoned (tests shorten them). */
  lock?: SettingsLockOptions;
}

export interface SavedSettings extends SettingsSnapshot {
  /**
   * null when the audit entry was written; else the error code of why not. The save itself stands:
   * the settings were durable before the entry was attempted, so the caller must say "saved" and warn.
   */
  auditFailure: string | null;
}

/**
 * Saves `next` if the stored version is still `expectedVersion`, else throws
 * SettingsVersionConflictError; SettingsBusyError when another process holds the settings lock too
 * long. Every save bumps the version and adds one audit entry (see SavedSettings.auditFailure).
 */
export function writeSettings(next: SettingsToWrite, expectedVersion: number, opts: WriteSettingsOptions = {}): Promise<SavedSettings> {
  return serialized(async () => {
    const env = opts.env ?? readConsoleEnv();
    await ensureDataDir(env);
    return withSettingsLock(
      env.dataDir,
      async (lock) => {
        const current = await readSettings(env);
        if (current.version !== expectedVersion) throw new SettingsVersionConflictError(current.version, expectedVersion);

        const version = current.version + 1;
        const updatedAt = new Date().toISOString();
        const packages = pickPackages(next);
        const content = await serialize(packages, version, updatedAt, env);
        await lock.assertHeld();
        await writeFileAtomic(settingsFilePath(env), content, { mode: 0o600 });
        // Logged only after the settings are durable: the log never claims a save that was lost.
        const auditFailure = await appendAuditEntry(env.dataDir, {
          time: updatedAt,
          version,
          changed: changedKeys(current.packages, packages),
          actor: opts.actor ?? 'console',
        }).then(
          () => null,
          (error: unknown) => (error as NodeJS.ErrnoException | null)?.code ?? 'error',
        );
        return { version, updatedAt, packages, auditFailure };
      },
      opts.lock,
    );
  });
}
