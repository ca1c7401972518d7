import { STORAGE_TYPE_IDS, type StorageTypeId } from './registry';
import { AZURE_RULES } from './azure/rules';
import { AZURE_TYPE } from './azure/type';
import { S3_RULES } from './s3/rules';
import { S3_TYPE } from './s3/type';
import type { StorageRules } from './types';

// Each type's rules, loaded with the form's schema (not with the page) and by the server.
const RULES: Record<StorageTypeId, StorageRules> = {
  [S3_TYPE.id]: S3_RULES,
  [AZURE_TYPE.id]: AZURE_RULES,
};

export function storageRules(id: string): StorageRules {
  return RULES[id as StorageTypeId];
}

export const ALL_STORAGE_RULES: readonly StorageRules[] = STORAGE_TYPE_IDS.map((id) => RULES[id]);
