import 'server-only';
import type { PackagesSettings } from '@/lib/settings/types';
import { storageType } from '../registry';
import { storageRules } from '../rules';
import { storageServer } from '../server';
import type { CheckOptions, StorageCheckIssue, StorageCheckResult } from './types';

type Located = Pick<PackagesSettings, 'storageType'> & object;

/** Where the storage moves from `saved` to `next`, or null when it stays (or nothing was stored). */
export function storageChangedIssue(next: Located, saved: Located | null | undefined): StorageCheckIssue | null {
  if (!saved) return null;
  const before = storageRules(saved.storageType);
  const old = before.location(saved as never);
  if (old === null) return null;
  if (saved.storageType !== next.storageType) {
    return { code: 'storageChanged', field: 'storageType', params: { old, new: storageRules(next.storageType).location(next as never) ?? '' } };
  }
  const field = before.changedField(saved as never, next as never);
  return field ? { code: 'storageChanged', field: field as StorageCheckIssue['field'], params: { old, new: before.location(next as never) ?? '' } } : null;
}

/** What the check works on (bucket, container), for texts about its result. */
export function checkSubject(settings: PackagesSettings): string {
  const value = (settings as unknown as Record<string, unknown>)[storageType(settings.storageType).subjectField];
  return typeof value === 'string' ? value : '';
}

/**
 * The storage check of the settings' type. `saved`: the storage in use before, when Packages is on; a
 * change of type or of place is warned of first.
 */
export async function checkStorage(next: PackagesSettings, options: CheckOptions & { saved?: PackagesSettings | null }): Promise<StorageCheckResult> {
  const { saved, ...rest } = options;
  const result = await storageServer(next.storageType).check(next as never, rest);
  const changed = storageChangedIssue(next, saved);
  return {
    ...result,
    warnings: changed ? [changed, ...result.warnings] : result.warnings,
    storageType: next.storageType,
    subject: checkSubject(next),
  };
}
