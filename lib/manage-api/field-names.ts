import { SETTINGS_FIELDS, type PackagesField } from '@/lib/settings/fields';

/** Manage API names of the packages settings (GET/PUT /manage/v1/config/settings). */
export const API_FIELD_NAMES: Record<PackagesField, string> = {
  enabled: 'enabled',
  storageType: 'blob_storage_type',
  ...(Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.name, field.apiName])) as Record<Exclude<PackagesField, 'enabled' | 'storageType'>, string>),
};

export function fieldForApiName(name: string): PackagesField | null {
  const entry = Object.entries(API_FIELD_NAMES).find(([, apiName]) => apiName === name);
  return entry ? (entry[0] as PackagesField) : null;
}
