import 'server-only';
import { proxiedStorage } from '@/lib/storage/server';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { checkStorage, storageChangedIssue } from '@/lib/storage/check/check-storage';
import { DEFAULT_STORAGE_TYPE, fieldsOf, storageType } from '@/lib/storage/registry';
import { SETTINGS_FIELDS } from '@/lib/settings/fields';
import { ECOSYSTEM_FIELDS } from '@/lib/services/catalog';
import { sharedServerProblems } from '@/lib/storage/shared/server-rules';
import type { StorageCheckResult } from '@/lib/storage/check/types';
import { createPackagesSettingsSchema, fieldProblems, type FieldProblem, type PackagesSettingsSubmission } from '@/lib/settings/schema';
import { auditLogPath } from '@/lib/settings/audit-log';
import { readSettings, SettingsVersionConflictError, writeSettings, type SavedSettings } from '@/lib/settings/store';
import type { PackagesSettings, SettingsSnapshot } from '@/lib/settings/types';

// Saving is three steps — validate, check storage, write — used as phases of a configuration run
// (lib/config-run/phases.ts) and, on merged keys, by the Manage API's PUT (lib/manage-api/settings-handlers.ts).

export type PrepareOutcome =
  | { kind: 'ready'; current: SettingsSnapshot; next: PackagesSettings; expectedVersion: number; copyPackages: boolean }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'confirm-required' };


/** Applies a form submission to the stored settings: a blank secret keeps the stored one. */
export function mergeSubmission(current: PackagesSettings, input: PackagesSettingsSubmission): PackagesSettings {
  if (!input.enabled) return { ...current, enabled: false };
  const stored: Readonly<Record<string, unknown>> = current;
  const given: Readonly<Record<string, unknown>> = input;
  const type = storageType(input.storageType ?? DEFAULT_STORAGE_TYPE);
  const next: Record<string, unknown> = { ...stored, enabled: true, storageType: type.id };
  // Only the chosen type's fields and the toggles are taken (and were validated); the other types keep their saved values.
  for (const field of [...fieldsOf(type), ...ECOSYSTEM_FIELDS]) {
    const value = given[field.name];
    // An absent optional (shared) field keeps its saved value, like a blank secret.
    if (value !== undefined && !(field.secret && value === '')) next[field.name] = value;
  }
  return next as PackagesSettings;
}

/** Secret fields that hold a stored value (a blank field keeps it). */
export function storedSecrets(settings: PackagesSettings): string[] {
  const values: Readonly<Record<string, unknown>> = settings;
  return SETTINGS_FIELDS.filter((field) => field.secret && values[field.name] !== '').map((field) => field.name);
}

/** Parses a submission against the current settings (the schema needs to know which secrets are stored). */
export async function parseSubmission(body: unknown, options: { forceEnabled?: boolean; env?: ConsoleEnv } = {}) {
  const current = await readSettings(options.env);
  const schema = createPackagesSettingsSchema({ storedSecrets: storedSecrets(current.packages), saved: current.packages, proxied: proxiedStorage((options.env ?? readConsoleEnv()).proxy) });
  const candidate = options.forceEnabled && body && typeof body === 'object' ? { ...body, enabled: true } : body;
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) return { ok: false as const, current, problems: fieldProblems(parsed.error) };
  // What only the server can read (the pasted CA certificates), once the shape is right.
  const serverProblems = parsed.data.enabled ? sharedServerProblems(parsed.data) : [];
  if (serverProblems.length > 0) return { ok: false as const, current, problems: serverProblems };
  return { ok: true as const, current, input: parsed.data };
}

/** The storage a change moves away from, when Packages is on: moving it needs an explicit confirmation. */
export function storageChangeNeedsConfirmation(current: PackagesSettings, next: PackagesSettings): boolean {
  return next.enabled && storageChangedIssue(next, current.enabled ? current : null) !== null;
}

/** Validate: the submission, its version, and the confirmation a storage change needs. Writes nothing. */
export async function prepareSave(body: unknown, env?: ConsoleEnv): Promise<PrepareOutcome> {
  const parsed = await parseSubmission(body, { env });
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
  const { current, input } = parsed;
  if (input.version !== current.version) return { kind: 'conflict', currentVersion: current.version };
  const next = mergeSubmission(current.packages, input);
  if (storageChangeNeedsConfirmation(current.packages, next) && !input.confirmStorageChange) return { kind: 'confirm-required' };
  return { kind: 'ready', current, next, expectedVersion: input.version, copyPackages: input.copyPackages === true };
}

/** Check storage: null when Packages is disabled (there is no storage to check). */
export async function checkNextStorage(
  next: PackagesSettings,
  saved: PackagesSettings | null,
  options: { signal?: AbortSignal; env?: ConsoleEnv } = {},
): Promise<StorageCheckResult | null> {
  if (!next.enabled) return null;
  const timeoutMs = (options.env ?? readConsoleEnv()).checkTimeoutMs;
  return checkStorage(next, { timeoutMs, signal: options.signal, saved: saved?.enabled ? saved : null });
}

/** Write: the new settings if nobody saved in between. A failed audit entry is logged here and warned of by the caller. */
export async function writeNextSettings(
  next: PackagesSettings,
  expectedVersion: number,
  options: { actor: string; env?: ConsoleEnv; restoredFrom?: number },
): Promise<{ kind: 'saved'; snapshot: SavedSettings } | { kind: 'conflict'; currentVersion: number }> {
  try {
    const env = options.env ?? readConsoleEnv();
    const snapshot = await writeSettings(next, expectedVersion, { actor: options.actor, env, restoredFrom: options.restoredFrom });
    if (snapshot.auditFailure) console.error(`Settings version ${snapshot.version} saved, but its audit entry could not be written: ${snapshot.auditFailure} in ${auditLogPath(env.dataDir)}`);
    return { kind: 'saved', snapshot };
  } catch (error) {
    if (error instanceof SettingsVersionConflictError) return { kind: 'conflict', currentVersion: error.currentVersion };
    throw error;
  }
}
