import { isEcosystemField } from '@/lib/services/catalog';
import { ECOSYSTEM_RULES } from '@/lib/services/ecosystem-rules';
import { ALL_STORAGE_RULES, rulesOfField } from '@/lib/storage/rules';
import type { StorageRules } from '@/lib/storage/types';

// The rules a settings field is checked by: its storage type's, the shared fields', or the toggles'.

export const ALL_SETTINGS_RULES: readonly StorageRules[] = [...ALL_STORAGE_RULES, ECOSYSTEM_RULES];

export function rulesOfSetting(name: string): StorageRules | undefined {
  return isEcosystemField(name) ? ECOSYSTEM_RULES : rulesOfField(name);
}
