import 'server-only';
import type { PackagesSettings } from '@/lib/settings/types';
import { storageType } from '../registry';
import { storageRules } from '../rules';
import { storageServer } from '../server';
import { trustedCaPems } from '../shared/server-rules';
import type { FieldValues } from '../types';
import type { CheckOptions, StorageCheckIssue, StorageCheckResult } from './types';

/** Any settings-shaped values with their type: the saved settings, a submission. */
type Located = FieldValues & Pick<PackagesSettings, 'storageType'>;

/** Where the storage moves from `saved` to `next`, or null when it stays (or nothing was stored). */
export function storageChangedIssue(next: Located, saved: Located | null | undefined): StorageCheckIssue | null {
  if (!saved) return null;
  const before = storageRules(saved.storageType);
  const old = before.location(saved);
  if (old === null) return null;
  if (saved.storageType !== next.storageType) {
    return { code: 'storageChanged', field: 'storageType', params: { old, new: storageRules(next.storageType).location(next) ?? '' } };
  }
  const field = before.changedField(saved, next);
  return field ? { code: 'storageChanged', field: field as StorageCheckIssue['field'], params: { old, new: before.location(next) ?? '' } } : null;
}

/** What the check works on (bucket, container), for texts about its result. */
export function checkSubject(settings: PackagesSettings): string {
  const values: FieldValues = settings;
  const value = values[storageType(settings.storageType).subjectField];
  return typeof value === 'string' ? value : '';
}

/**
 * The storage check of the settings' type. `saved`: the storage in use before, when Packages is on; a
 * change of type or of place is warned of first.
 */
export async function checkStorage(next: PackagesSettings, options: CheckOptions & { saved?: PackagesSettings | null }): Promise<StorageCheckResult> {
  const { saved, ...rest } = options;
  // Every type's requests trust the CAs of the settings, added to the system's.
  const network = { ...rest.network, caPems: trustedCaPems(next) };
  const result = await storageServer(next.storageType).check(next, { ...rest, network });
  const changed = storageChangedIssue(next, saved);
  return {
    ...result,
    warnings: changed ? [changed, ...result.warnings] : result.warnings,
    storageType: next.storageType,
    subject: checkSubject(next),
  };
}
