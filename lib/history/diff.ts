import { fieldsOf, storageType } from '@/lib/storage/registry';
import { SETTINGS_FIELDS } from '@/lib/settings/fields';
import { SETTINGS_KEYS, type PackagesSettings } from '@/lib/settings/types';
import { textOf } from '@/lib/storage/types';

// What changed between two settings versions, key by key (the settings keys of settings.json). Plain
// keys carry their old and new values; a secret only says whether it changed: its value never leaves.

export type KeyChange =
  | { key: string; field: string; secret: false; change: 'changed'; from: string; to: string }
  | { key: string; field: string; secret: true; change: 'changed' | 'unchanged' };

function plainText(settings: PackagesSettings, field: 'enabled' | 'storageType'): string {
  return field === 'enabled' ? String(settings.enabled) : settings.storageType;
}

/**
 * The keys that differ from `before` to `after` (before = null: everything `after` sets), in settings
 * key order; and the secrets of the storage types either version uses, even unchanged, so a reader
 * sees that the credentials stayed the same.
 */
export function diffSettings(before: PackagesSettings | null, after: PackagesSettings): KeyChange[] {
  const inUse = new Set([after.storageType, ...(before ? [before.storageType] : [])]);
  const shownSecrets = new Set<string>([...inUse].flatMap((id) => fieldsOf(storageType(id)).filter((field) => field.secret).map((field) => field.name)));
  const changes: KeyChange[] = [];
  for (const field of ['enabled', 'storageType'] as const) {
    const from = before ? plainText(before, field) : '';
    const to = plainText(after, field);
    const key = field === 'enabled' ? SETTINGS_KEYS.enabled : SETTINGS_KEYS.blobStorageType;
    if (from !== to) changes.push({ key, field, secret: false, change: 'changed', from, to });
  }
  for (const field of SETTINGS_FIELDS) {
    const from = before ? textOf(before, field.name) : '';
    const to = textOf(after, field.name);
    if (field.secret) {
      if (from !== to) changes.push({ key: field.settingsKey, field: field.name, secret: true, change: 'changed' });
      else if (shownSecrets.has(field.name) && to !== '') changes.push({ key: field.settingsKey, field: field.name, secret: true, change: 'unchanged' });
    } else if (from !== to) {
      changes.push({ key: field.settingsKey, field: field.name, secret: false, change: 'changed', from, to });
    }
  }
  return changes;
}
