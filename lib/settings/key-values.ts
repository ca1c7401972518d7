import { isStorageTypeId } from '@/lib/storage/registry';
import { sharedFieldProblem, sharedServerProblems } from '@/lib/storage/shared/server-rules';
import { decodeProblem } from './problem-message';
import { createPackagesSettingsSchema, fieldProblems, singleFieldSchema, type FieldProblem, type PackagesSchemaOptions } from './schema';
import type { RuleResult } from '@/lib/storage/types';
import { settingsField, SETTINGS_FIELDS, type PackagesField } from './fields';
import { rulesOfSetting } from './field-rules';
import { tiedSecretProblems } from './tied-secrets';
import type { PackagesSettings } from './types';

// Settings changed one key at a time (Manage API partial PUT, `cli config set`): each value is checked
// on its own here, by its type's rules, and the whole is checked by settingsProblems (or by the next
// configuration run).

/** The storage field saved under a GitHub Enterprise key (the type and the switch are not fields of a type). */
export function fieldForSettingsKey(key: string): PackagesField | null {
  if (key === 'app.packages.enabled') return 'enabled';
  const field = SETTINGS_FIELDS.find((candidate) => candidate.settingsKey === key);
  return field ? field.name : null;
}

type Checked = { ok: true; value: PackagesSettings[PackagesField] } | ({ ok: false } & Omit<FieldProblem, 'field'>);

/** One value on its own: its type and format, by the form's schema for that field. Blank text clears a field (except a secret). */
export function checkFieldValue(field: PackagesField, raw: unknown): Checked {
  if (field === 'enabled') return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false, code: 'enabledInvalid' };
  if (field === 'storageType') return isStorageTypeId(raw) ? { ok: true, value: raw } : { ok: false, code: 'invalid' };
  if (typeof raw !== 'string') return { ok: false, code: 'invalid' };
  const spec = settingsField(field);
  const rules = rulesOfSetting(field);
  if (!spec || !rules) return { ok: false, code: 'unknownField' };
  // A select's value is a word: written by hand (a script), it may come padded like any text.
  const parsed = singleFieldSchema(spec, rules).safeParse(spec.choices ? raw.trim() : raw);
  if (!parsed.success) return { ok: false, ...decodeProblem(parsed.error.issues[0]?.message ?? 'invalid') };
  const value = parsed.data;
  const fail = (found: RuleResult): Checked => ({ ok: false, ...(typeof found === 'string' || found === null ? { code: found ?? 'invalid' } : found), ...(rules.validationNamespace ? { namespace: rules.validationNamespace } : {}) });
  // A secret is replaced, never cleared: blank is a missing one.
  if (spec.secret && value === '') return fail(rules.requiredCode[field] ?? 'required');
  const problem = value === '' ? null : sharedFieldProblem(field, value);
  return problem ? fail(problem) : { ok: true, value };
}

/** What a change of some keys starts from: the saved settings, and the fields it gives (Manage API, CLI). */
export interface KeyChange {
  saved: PackagesSettings;
  given: readonly string[];
}

/**
 * The settings as a whole, by the console form's rules (all storage fields are needed when enabled; an
 * ecosystem only where its service can serve, `proxied` saying which storage the server reaches through
 * its proxy), and, for a `change` of some keys, the tied-secret rule (enabled or not: a disabled configuration is
 * enabled later with the secret it kept).
 */
export function settingsProblems(packages: PackagesSettings, version: number, { change, proxied }: { change?: KeyChange } & Pick<PackagesSchemaOptions, 'proxied'> = {}): FieldProblem[] {
  const values: Readonly<Record<string, unknown>> = packages;
  const secrets = SETTINGS_FIELDS.filter((field) => field.secret);
  const storedSecrets = secrets.filter((field) => values[field.name] !== '').map((field) => field.name);
  const tied = change ? changeProblems(change, values) : [];
  const schema = createPackagesSettingsSchema({ storedSecrets, proxied });
  const parsed = schema.safeParse({ ...packages, ...Object.fromEntries(secrets.map((field) => [field.name, ''])), version });
  const problems = parsed.success ? sharedServerProblems(values) : fieldProblems(parsed.error);
  return [...problems.filter((problem) => !tied.some((other) => other.field === problem.field)), ...tied];
}

/** The tied secrets a change of some keys leaves behind (see tied-secrets.ts). */
export function changeProblems({ saved, given }: KeyChange, next: Readonly<Record<string, unknown>>): FieldProblem[] {
  const before: Readonly<Record<string, unknown>> = saved;
  const storedSecrets = SETTINGS_FIELDS.filter((field) => field.secret && before[field.name] !== '').map((field) => field.name);
  return tiedSecretProblems(before, next, { storedSecrets, newSecrets: given.filter((name) => settingsField(name)?.secret) });
}
