import { ALL_STORAGE_RULES } from '@/lib/storage/rules';
import { textOf, type FieldProblem, type FieldValues, type StorageRules } from '@/lib/storage/types';

// "A new access key needs its own secret key", as a rule of any type (StorageRules.tiedSecrets), written
// once for every entry point: the form's schema, the Manage API's partial PUT and check, `cli config set`.

const trimmed = (values: FieldValues, name: string) => textOf(values, name).trim();

export interface TiedSecretContext {
  /** Secret fields with a stored value. */
  storedSecrets: readonly string[];
  /** Secret fields given a new value with this change (a blank form field gives none). */
  newSecrets: readonly string[];
}

/**
 * Stored secrets that would be kept for a value they were not issued with: the field a secret is tied
 * to had a saved value and is given another, non-blank one, without a new secret. A secret stored while
 * the field was blank was given for the value to come; a field being cleared needs no secret.
 */
export function tiedSecretProblems(saved: FieldValues, next: FieldValues, context: TiedSecretContext, rules: readonly StorageRules[] = ALL_STORAGE_RULES): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const typeRules of rules) {
    for (const [secret, tie] of Object.entries(typeRules.tiedSecrets)) {
      if (!tie || !context.storedSecrets.includes(secret) || context.newSecrets.includes(secret)) continue;
      const before = trimmed(saved, tie.field);
      const after = trimmed(next, tie.field);
      if (before === '' || after === '' || before === after) continue;
      problems.push({ field: secret, code: tie.code, ...(typeRules.validationNamespace ? { namespace: typeRules.validationNamespace } : {}) });
    }
  }
  return problems;
}
