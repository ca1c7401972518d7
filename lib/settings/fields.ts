import { ECOSYSTEM_FIELDS, type EcosystemFieldName, type EcosystemValues } from '@/lib/services/catalog';
import { STORAGE_FIELDS, type StorageFieldName, type StorageValues } from '@/lib/storage/registry';
import type { StorageField } from '@/lib/storage/types';

// The fields of the packages settings, kept free of zod so the page can import them without the
// schema: every storage type's (lib/storage/registry.ts), then the Ecosystem Toggles (lib/services/catalog.ts).

export const SETTINGS_FIELDS: readonly StorageField<StorageValues & EcosystemValues>[] = [...STORAGE_FIELDS, ...ECOSYSTEM_FIELDS];
export type SettingsFieldName = StorageFieldName | EcosystemFieldName;

export const PACKAGES_FIELDS = ['enabled', 'storageType', ...SETTINGS_FIELDS.map((field) => field.name)] as const;
export type PackagesField = 'enabled' | 'storageType' | SettingsFieldName;

export function isPackagesField(value: unknown): value is PackagesField {
  return (PACKAGES_FIELDS as readonly unknown[]).includes(value);
}

export function settingsField(name: string): StorageField<StorageValues & EcosystemValues> | undefined {
  return SETTINGS_FIELDS.find((field) => field.name === name);
}
