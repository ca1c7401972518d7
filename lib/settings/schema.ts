// zod/mini: the same zod 4 engine, tree-shakable, so the browser ships a fraction of it.
import { _default, boolean, discriminatedUnion, enum as oneOf, int, literal, maxLength, minimum, optional, refine, strictObject, string, superRefine, trim } from 'zod/mini';
import type { core, ZodMiniType } from 'zod/mini';
import { isEcosystemField } from '@/lib/services/catalog';
import { ECOSYSTEM_RULES, ecosystemProblems } from '@/lib/services/ecosystem-rules';
import { DEFAULT_STORAGE_TYPE, defaultValueOf, fieldsOf, isSharedField, STORAGE_TYPE_IDS, STORAGE_TYPES, type StorageTypeId } from '@/lib/storage/registry';
import { rulesOfField, storageRules } from '@/lib/storage/rules';
import { MAX_MULTILINE_LENGTH } from '@/lib/storage/shared/fields';
import type { FieldProblem, FieldValues, RuleResult, StorageField, StorageRules, StorageType } from '@/lib/storage/types';
import { decodeProblem, encodeProblem } from './problem-message';
import { tiedSecretProblems } from './tied-secrets';
import { ALL_SETTINGS_RULES } from './field-rules';
import { PACKAGES_FIELDS, SETTINGS_FIELDS, type PackagesField, type SettingsFieldName } from './fields';

// One schema for the Packages form, used by the browser (zodResolver) and the server: a shape per
// storage type, built from that type's field rules (lib/storage/<type>/rules.ts). Error messages are
// keys of the `Validation` namespace in messages/*.json, or of the storage type's own (its rules'
// validationNamespace), never prose.

export { PACKAGES_FIELDS, type PackagesField } from './fields';
export type { FieldProblem } from '@/lib/storage/types';

export const MAX_FIELD_LENGTH = 2048;
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** A multi-line field (PEM) keeps line breaks and tabs, nothing else below U+0020. */
export const MULTILINE_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

const text = () =>
  string({ error: 'required' }).check(
    maxLength(MAX_FIELD_LENGTH, { error: 'tooLong', abort: true }),
    trim(),
    refine((value) => !CONTROL_CHARACTERS.test(value), { error: 'controlCharacters', abort: true }),
  );

const multilineText = () =>
  string({ error: 'required' }).check(
    maxLength(MAX_MULTILINE_LENGTH, { error: 'tooLong', abort: true }),
    trim(),
    refine((value) => !MULTILINE_CONTROL_CHARACTERS.test(value), { error: 'controlCharacters', abort: true }),
  );

const common = {
  version: int({ error: 'versionInvalid' }).check(minimum(0, { error: 'versionInvalid' })),
  confirmStorageChange: optional(boolean()),
  /** With a confirmed storage change: copy the packages to the new storage first (the run's migration phases). */
  copyPackages: optional(boolean()),
};

export interface PackagesSchemaOptions {
  /** Secret fields with a stored value: left blank, they keep it. */
  storedSecrets: readonly string[];
  /**
   * The saved values a stored secret is tied to (StorageRules.tiedSecrets): a blank secret keeps it
   * only for the same key. Without them, tied secrets are checked by the caller (settingsProblems).
   */
  saved?: Readonly<Record<string, unknown>>;
  /** Whether the storage these values name is reached through the outbound proxy (the server's environment: false in the browser). */
  proxied?: (values: FieldValues) => boolean;
}

/** The zod message of a rule's finding (see problem-message.ts). */
function ruleMessage(rules: StorageRules, found: RuleResult): string | null {
  if (found === null) return null;
  const problem = typeof found === 'string' ? { code: found } : found;
  return encodeProblem({ ...problem, namespace: rules.validationNamespace });
}

function fieldSchema(field: StorageField, rules: StorageRules, storedSecrets: readonly string[]) {
  const schema = presentFieldSchema(field, rules, storedSecrets);
  return field.absentMeansDefault ? _default(schema, defaultValueOf(field)) : schema;
}

/**
 * One value on its own, as a key changed by itself is (Manage API, CLI): the field's own checks, the same
 * as in the whole schema, except that blank passes; whether blank may stand is the caller's to say.
 */
export function singleFieldSchema(field: StorageField, rules: StorageRules) {
  return presentFieldSchema(field, rules, [], { blankAllowed: true });
}

function presentFieldSchema(field: StorageField, rules: StorageRules, storedSecrets: readonly string[], { blankAllowed = false } = {}) {
  const choiceCode = rules.choiceCode[field.name];
  if (field.choices && choiceCode) return oneOf(field.choices as [string, ...string[]], { error: ruleMessage(rules, choiceCode) ?? 'invalid' });
  // A field required only with some values of the others is checked with the whole (typeSchema).
  const required = field.requiredWhen || blankAllowed ? undefined : rules.requiredCode[field.name];
  const limit = rules.secretLimit[field.name];
  const format = rules.fieldProblem[field.name];
  return (field.input === 'textarea' ? multilineText() : text()).check(
    superRefine((value, ctx) => {
      const push = (found: RuleResult) => {
        const message = ruleMessage(rules, found);
        if (message) ctx.issues.push({ code: 'custom', message, input: value });
      };
      if (value === '') {
        if (required && !(field.secret && storedSecrets.includes(field.name))) push(required);
        return;
      }
      if (limit && value.length > limit.max) push(limit.code);
      if (format) push(format(value, {}));
    }),
  );
}

/** Fields of the other types travel along unvalidated: they are kept, not used. */
function looseFieldSchema(field: StorageField) {
  const rules = ALL_SETTINGS_RULES.find((candidate) => candidate.choiceCode[field.name]);
  const error = (rules && ruleMessage(rules, rules.choiceCode[field.name] ?? null)) ?? 'invalid';
  if (field.choices) return optional(string().check(maxLength(16, { error })));
  return optional(field.input === 'textarea' ? multilineText() : text());
}

function typeSchema(type: StorageType, { storedSecrets, saved, proxied }: PackagesSchemaOptions) {
  const rules = storageRules(type.id);
  const shape = Object.fromEntries(
    SETTINGS_FIELDS.map((field) => [
      field.name,
      isEcosystemField(field.name)
        ? // Optional: forms and scripts written before the toggles existed keep the saved ones.
          optional(fieldSchema(field, ECOSYSTEM_RULES, storedSecrets))
        : !fieldsOf(type).some((own) => own.name === field.name)
        ? looseFieldSchema(field)
        : isSharedField(field.name)
          ? // Optional: forms and scripts written before the shared fields existed keep the saved value.
            optional(fieldSchema(field, rulesOfField(field.name) ?? rules, storedSecrets))
          : fieldSchema(field, rules, storedSecrets),
    ]),
  );
  // A request without a type means the default one (forms and scripts written before there were several).
  const storageType = type.id === DEFAULT_STORAGE_TYPE ? optional(literal(type.id)) : literal(type.id);
  return strictObject({ enabled: literal(true), storageType, ...shape, ...common }).check(
    // Fields required only with some values of the others (S3: the keys, unless a role or the
    // server's identity is used): checked even when another field is wrong, like any required field.
    superRefine(
      (value, ctx) => {
        if (typeof value !== 'object' || value === null) return;
        const values = value as Record<string, unknown>;
        for (const field of type.fields as readonly StorageField[]) {
          const code = rules.requiredCode[field.name];
          if (!field.requiredWhen || !code || values[field.name] !== '' || !field.requiredWhen(values)) continue;
          if (!(field.secret && storedSecrets.includes(field.name))) ctx.issues.push({ code: 'custom', message: ruleMessage(rules, code) ?? 'invalid', input: '', path: [field.name] });
        }
      },
      { when: () => true },
    ),
    superRefine((value, ctx) => {
      const values = value as Record<string, unknown>;
      for (const { field, ...problem } of rules.wholeProblems?.(values) ?? []) {
        const message = ruleMessage(rules, problem);
        if (message) ctx.issues.push({ code: 'custom', message, input: field ? values[field] : value, path: field ? [field] : [] });
      }
      // An ecosystem switched on where its service cannot serve is refused on its row, before any request.
      for (const { field, ...problem } of ecosystemProblems(values, { ...rules.serviceTraits(values), proxied: proxied?.(values) ?? false })) {
        ctx.issues.push({ code: 'custom', message: ruleMessage(ECOSYSTEM_RULES, problem) ?? 'invalid', input: field ? values[field] : value, path: field ? [field] : [] });
      }
      if (!saved) return;
      const newSecrets = SETTINGS_FIELDS.filter((field) => field.secret && values[field.name] !== '').map((field) => field.name);
      for (const { field, ...problem } of tiedSecretProblems(saved, values, { storedSecrets, newSecrets }, [rules])) {
        ctx.issues.push({ code: 'custom', message: ruleMessage(rules, problem) ?? 'invalid', input: '', path: field ? [field] : [] });
      }
    }),
  );
}

export function createPackagesSettingsSchema(options: PackagesSchemaOptions) {
  const types = STORAGE_TYPES.map((type) => typeSchema(type, options));
  // zod wants a non-empty tuple; the registry's list of types is a plain array (never empty: S3 is always there).
  const enabled = discriminatedUnion('storageType', types as unknown as [(typeof types)[number]], { error: 'storageTypeInvalid' });
  // Disabling only flips the switch: the stored storage fields are kept, so these are not validated.
  const disabled = strictObject({
    enabled: literal(false),
    storageType: optional(oneOf(STORAGE_TYPE_IDS, { error: 'storageTypeInvalid' })),
    ...Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.name, looseFieldSchema(field)])),
    ...common,
  });
  const schema = discriminatedUnion('enabled', [enabled, disabled], { error: 'enabledInvalid' });
  // The shapes are built from the registry at run time; their static type is the form's.
  return schema as unknown as ZodMiniType<PackagesSettingsSubmission, PackagesSettingsInput>;
}

/** The form's values: the switch, the type, every type's fields (as text), and the version they are based on. */
export type PackagesSettingsInput = { enabled: boolean; storageType: StorageTypeId; version: number; confirmStorageChange?: boolean; copyPackages?: boolean } & Record<SettingsFieldName, string>;
export type PackagesSettingsSubmission = PackagesSettingsInput;

/** Flattens zod issues to one problem per field (the first), keyed by message code. */
export function fieldProblems(error: { issues: readonly core.$ZodIssue[] }): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = PACKAGES_FIELDS.includes(head as PackagesField) ? (head as PackagesField) : null;
    const problem = issue.code === 'unrecognized_keys' ? { code: 'unknownField' } : decodeProblem(issue.message);
    const key = `${field}:${field ? '' : problem.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(isKnownProblem(problem) ? { field, ...problem } : { field, code: 'invalid' });
  }
  return problems;
}

/** Codes of the form's own rules; each type adds its fields' codes (StorageRules.codes). */
export const VALIDATION_CODES = [
  'required', 'invalid', 'tooLong', 'controlCharacters', 'unknownField', 'enabledInvalid', 'versionInvalid', 'storageTypeInvalid',
] as const;

function isKnownProblem({ code, namespace }: Omit<FieldProblem, 'field'>): boolean {
  if (namespace === undefined && (VALIDATION_CODES as readonly string[]).includes(code)) return true;
  return ALL_SETTINGS_RULES.some((rules) => rules.validationNamespace === namespace && rules.codes.includes(code));
}
