import 'server-only';
import path from 'node:path';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { appendAuditEntry } from './audit-log';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { SettingsFileError, SettingsVersionConflictError } from './settings-errors';
import { withSettingsLock, type SettingsLockOptions } from './settings-lock';
import { DEFAULT_STORAGE_TYPE, defaultValueOf } from '@/lib/storage/registry';
import { SETTINGS_FIELDS } from './fields';
import { openSettingsFile, sealSettingsFile, settingsFileSchema, type SettingsFile } from './sealed-file';
import { keepVersion, keptFrom } from '@/lib/history/history-store';
import { storedSharedValues } from '@/lib/storage/shared/server-rules';
import { EMPTY_PACKAGES_SETTINGS, SETTINGS_KEYS, type PackagesSettings, type SettingsSnapshot } from './types';

// The settings file is the single source of truth. A file we cannot understand is reported and
// left exactly as it is: "repairing" it would silently discard an operator's storage settings.

export { SettingsFileError, settingsFileMessageCode, SettingsVersionConflictError, type SettingsFileProblem } from './settings-errors';

const K = SETTINGS_KEYS;
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
  const parsed = settingsFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new SettingsFileError(file, 'corrupt', `unexpected content at ${where.join(', ')}`);
  }
  return parsed.data;
}, { readError: (code, file) => new SettingsFileError(file, 'unreadable', code) });

/** The stored settings; version 0 and the defaults when nothing was saved yet. */
export async function readSettings(env: ConsoleEnv = readConsoleEnv()): Promise<SettingsSnapshot> {
  const file = settingsFilePath(env);
  const stored = await readSettingsFile(file);
  if (!stored) return { version: 0, updatedAt: null, packages: { ...EMPTY_PACKAGES_SETTINGS } };
  return openSettingsFile(file, stored, env);
}

/** settings.json as stored, secrets sealed; null before the first save (the settings history keeps these). */
export function readSealedSettings(env: ConsoleEnv = readConsoleEnv()): Promise<SettingsFile | null> {
  return readSettingsFile(settingsFilePath(env));
}

/** Settings to save; a type or a field left out is saved as its default (blank). */
export type SettingsToWrite = Pick<PackagesSettings, 'enabled'> & Partial<PackagesSettings>;

// Callers often pass a parsed form (with version, confirmStorageChange, …); keep only settings.
function pickPackages(next: SettingsToWrite): PackagesSettings {
  const values: Readonly<StoredValues> = next;
  const picked: StoredValues = { enabled: next.enabled, storageType: next.storageType ?? DEFAULT_STORAGE_TYPE };
  for (const field of SETTINGS_FIELDS) picked[field.name] = values[field.name] ?? defaultValueOf(field);
  return storedSharedValues(picked) as PackagesSettings; // by any path (form, Manage API, CLI): only the CA certificates
}

function changedKeys(before: PackagesSettings, after: PackagesSettings): string[] {
  // SETTINGS_KEYS names each field's stored key; secrets are compared as plaintext.
  const fields = Object.keys(K) as (keyof typeof K)[];
  const value = (settings: Readonly<StoredValues> & PackagesSettings, field: keyof typeof K) => (field === 'blobStorageType' ? settings.storageType : settings[field]);
  return fields.filter((field) => value(before, field) !== value(after, field)).map((field) => K[field]);
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
  /** The kept version this save restores (lib/history/), recorded in the settings history. */
  restoredFrom?: number;
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
        const previous = await readSealedSettings(env);
        const current = await readSettings(env);
        if (current.version !== expectedVersion) throw new SettingsVersionConflictError(current.version, expectedVersion);

        const version = current.version + 1;
        const updatedAt = new Date().toISOString();
        const packages = pickPackages(next);
        const sealedFile = await sealSettingsFile(packages, version, updatedAt, env);
        await lock.assertHeld();
        await writeFileAtomic(settingsFilePath(env), `${JSON.stringify(sealedFile, null, 2)}\n`, { mode: 0o600 });
        // Kept after settings.json is durable, so the history never holds a version that was not saved.
        // If this fails the version is still listed (from settings.json) and kept by the next save.
        const actor = opts.actor ?? 'console';
        await keepVersion(env, keptFrom(sealedFile, actor, opts.restoredFrom ?? null), previous && keptFrom(previous, null, null)).catch((error: unknown) => {
          console.error(`Settings version ${version} saved, but the settings history could not be written: ${(error as NodeJS.ErrnoException | null)?.code ?? (error as Error | null)?.name ?? 'error'}`);
        });
        // Logged only after the settings are durable: the log never claims a save that was lost.
        const auditFailure = await appendAuditEntry(env.dataDir, {
          time: updatedAt,
          version,
          changed: changedKeys(current.packages, packages),
          actor,
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
