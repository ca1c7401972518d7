import { isSharedField, STORAGE_TYPE_IDS, typeOfField, type StorageTypeId } from './registry';
import { AZURE_RULES } from './azure/rules';
import { AZURE_TYPE } from './azure/type';
import { S3_RULES } from './s3/rules';
import { S3_TYPE } from './s3/type';
import { SHARED_RULES } from './shared/rules';
import type { StorageRules, StorageTypeRules } from './types';

// Each type's rules, loaded with the form's schema (not with the page) and by the server.
const RULES: Record<StorageTypeId, StorageTypeRules> = {
  [S3_TYPE.id]: S3_RULES,
  [AZURE_TYPE.id]: AZURE_RULES,
};

export function storageRules(id: string): StorageTypeRules {
  return RULES[id as StorageTypeId];
}

/** Every type's rules, then those of the shared fields. */
export const ALL_STORAGE_RULES: readonly StorageRules[] = [...STORAGE_TYPE_IDS.map((id) => RULES[id]), SHARED_RULES];

/** The rules a field is checked by: its type's, or the shared fields'. */
export function rulesOfField(name: string): StorageRules | undefined {
  if (isSharedField(name)) return SHARED_RULES;
  const type = typeOfField(name);
  return type ? storageRules(type.id) : undefined;
}
