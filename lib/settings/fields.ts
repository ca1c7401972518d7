import { STORAGE_FIELDS, type StorageFieldName } from '@/lib/storage/registry';

// Field names of the Packages form, kept free of zod so the page can import them without the schema.
export const PACKAGES_FIELDS = ['enabled', 'storageType', ...STORAGE_FIELDS.map((field) => field.name as StorageFieldName)] as const;
export type PackagesField = 'enabled' | 'storageType' | StorageFieldName;

export function isPackagesField(value: unknown): value is PackagesField {
  return (PACKAGES_FIELDS as readonly unknown[]).includes(value);
}
