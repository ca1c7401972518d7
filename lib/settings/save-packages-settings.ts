import 'server-only';
import { readConsoleEnv } from '@/lib/env';
import { runStorageCheck } from '@/lib/storage-check/run-storage-check';
import type { StorageCheckResult } from '@/lib/storage-check/types';
import { createPackagesSettingsSchema, fieldProblems, type FieldProblem, type PackagesSettingsSubmission } from './schema';
import { readSettings, SettingsVersionConflictError, writeSettings } from './store';
import type { PackagesSettings, SettingsSnapshot } from './types';

export type SaveOutcome =
  | { kind: 'saved'; snapshot: SettingsSnapshot; check: StorageCheckResult | null }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'storage-failed'; check: StorageCheckResult }
  | { kind: 'confirm-required'; check: StorageCheckResult };

/** Applies a form submission to the stored settings: a blank secret keeps the stored one. */
export function mergeSubmission(current: PackagesSettings, input: PackagesSettingsSubmission): PackagesSettings {
  if (!input.enabled) return { ...current, enabled: false };
  return {
    enabled: true,
    serviceUrl: input.serviceUrl,
    bucket: input.bucket,
    accessKey: input.accessKey,
    secretKey: input.secretKey === '' ? current.secretKey : input.secretKey,
    region: input.region,
    pathStyle: input.pathStyle,
  };
}

/** Parses a submission against the current settings (the schema needs to know if a secret is stored). */
export async function parseSubmission(body: unknown, options: { forceEnabled?: boolean } = {}) {
  const current = await readSettings();
  const schema = createPackagesSettingsSchema({ secretStored: current.packages.secretKey !== '' });
  const candidate = options.forceEnabled && body && typeof body === 'object' ? { ...body, enabled: true } : body;
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) return { ok: false as const, current, problems: fieldProblems(parsed.error) };
  return { ok: true as const, current, input: parsed.data };
}

/**
 * Save settings: validate, prove the storage works (the storage check), then write.
 * Throws SettingsFileError when the settings file can't be read; nothing is written then.
 */
export async function savePackagesSettings(body: unknown, options: { actor?: string } = {}): Promise<SaveOutcome> {
  const parsed = await parseSubmission(body);
  if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
  const { current, input } = parsed;
  if (input.version !== current.version) return { kind: 'conflict', currentVersion: current.version };
  const next = mergeSubmission(current.packages, input);
  let check: StorageCheckResult | null = null;
  if (next.enabled) {
    check = await runStorageCheck(next, {
      timeoutMs: readConsoleEnv().checkTimeoutMs,
      saved: current.packages.enabled ? current.packages : null,
    });
    if (!check.ok) return { kind: 'storage-failed', check };
    const changed = check.warnings.some((warning) => warning.code === 'storageChanged');
    if (changed && !input.confirmStorageChange) return { kind: 'confirm-required', check };
  }
  try {
    const snapshot = await writeSettings(next, input.version, { actor: options.actor ?? 'console' });
    return { kind: 'saved', snapshot, check };
  } catch (error) {
    if (error instanceof SettingsVersionConflictError) return { kind: 'conflict', currentVersion: error.currentVersion };
    throw error;
  }
}
