// What the core (settings store, form, configuration runs, Manage API, CLI) knows of a storage type.
// Each type describes itself in its own folder (lib/storage/<type>/) and is listed in registry.ts;
// nothing outside those places names a type or one of its fields.
//
// Split by where it may run: StorageType is data for the page's first load (no rules, no zod, no
// SDK); StorageRules is loaded with the form's schema and by the server; StorageServer (server.ts
// in each folder) holds the check and the applied configuration and never reaches the browser.

export type FieldInput = 'text' | 'url' | 'password' | 'select' | 'textarea';

/**
 * Values of the form being edited or of a request being checked, by field name: what the descriptors'
 * functions read. Unchecked (text as typed, anything a request sent), but only a name of `V` compiles.
 */
export type FieldValues<V extends object = Record<string, unknown>> = Readonly<{ [K in keyof V]?: unknown }>;

/** A field of a type whose settings values are `V`. */
export type FieldName<V extends object> = keyof V & string;

/** A field's value as text ('' for a missing or non-text value). */
export function textOf<V extends object>(values: FieldValues<V>, name: FieldName<V>): string {
  const value: unknown = values[name];
  return typeof value === 'string' ? value : '';
}

/** A field of a storage type whose settings values are `V` (the default: any type's, as the core sees them). */
export interface StorageField<V extends object = Record<string, unknown>> {
  /** Name in the form, the settings model and the messages: unique across all types. */
  name: FieldName<V>;
  /** The GitHub Enterprise `ghe-config` key the value is saved under. */
  settingsKey: string;
  /** Name in the Manage API's `packages` object. */
  apiName: string;
  input: FieldInput;
  /** Encrypted at rest, never sent back, write-only in the Manage API and the CLI. */
  secret?: boolean;
  /** Allowed values of a select, the first being the default. */
  choices?: readonly string[];
  /** Shown under "Advanced" rather than with the main fields. */
  advanced?: boolean;
  /** Needed when Packages is enabled with this type (a stored secret counts). */
  required?: boolean;
  /** Needed only when this holds for the values being saved (overrides `required`). */
  requiredWhen?: (values: FieldValues<V>) => boolean;
  /**
   * Added after settings files and scripts existed: absent from a request, it takes its default (the
   * first choice, or ''), so what was valid before stays valid.
   */
  absentMeansDefault?: boolean;
  /** Shown only when this holds for the values being typed; a hidden field keeps its value. */
  shownWhen?: (values: FieldValues<V>) => boolean;
  /** `cli storage check` option (without --); default: the name in kebab case. Secrets have none. */
  cliFlag?: string;
  /** The environment variable the CLI reads a secret from (else stdin). */
  secretEnv?: string;
  /** Message keys in the type's namespace: the label (default: the field's name), help under the field. */
  label?: string;
  help?: string;
  /** More sentences under the field, after the help. */
  notes?: readonly string[];
  /** A secret's note and placeholder when one is stored ("leave blank to keep it"). */
  storedNote?: string;
  storedPlaceholder?: string;
  /** A select's option labels, by choice. */
  choiceLabels?: Readonly<Record<string, string>>;
  /** Message namespace of the label and help, when not the type's (fields every type shares). */
  namespace?: string;
  /** A documentation link the help text's <link> tag points to. */
  helpLink?: string;
  /** Example value shown in an empty field, or computed from the other values being typed. */
  placeholder?: string | ((values: FieldValues<V>) => string);
  /** ICU arguments of the help text and choice labels, computed from the values being typed. */
  messageParams?: (values: FieldValues<V>) => Record<string, string>;
}

/** A storage type whose settings values are `V`: the compiler checks every field name its descriptor and rules use. */
export interface StorageType<V extends object = Record<string, unknown>> {
  /** The value of `secrets.packages.blob-storage-type`. */
  id: string;
  /** messages/*.json namespace of the type's labels, help and check texts. */
  namespace: string;
  fields: readonly StorageField<V>[];
  /** Rows of the storage check's result table, in order. */
  checkRows: readonly string[];
  /** The field naming what the check works on (bucket, container), for the result's summary. */
  subjectField: FieldName<V>;
  /** Short notes shown above the fields (message keys in the type's namespace). */
  notes?: readonly string[];
  /** Message keys in the namespace: the radio label, the passed check's summary ({subject}), the page's prerequisites. */
  typeLabel: string;
  /** The provider's page on restricting access, linked from the page's first warning. */
  permissionsDoc?: string;
  passed: string;
  prerequisites: string;
  /** Message key in the namespace naming what the check works on, as run texts say it ({name}: "bucket packages"). */
  subjectText: string;
}

/** A problem with the form's values: a message code, on a field (or on none). */
export interface FieldProblem {
  field: string | null;
  code: string;
  /** ICU arguments, never a secret (dates as ISO 8601 strings). */
  params?: Record<string, string>;
  /** Where the code's message is: a type's own namespace; else the shared `Validation`. */
  namespace?: string;
}

/** What a field rule finds: nothing, a code, or a code with its arguments. */
export type RuleResult = string | { code: string; params?: Record<string, string> } | null;

export interface StorageRules<V extends object = Record<string, unknown>> {
  /** Every code these rules can give. */
  codes: readonly string[];
  /** The namespace of their messages (default `Validation`). */
  validationNamespace?: string;
  /** Format rule of one non-blank, trimmed value; null when it is fine. */
  fieldProblem: { [K in FieldName<V>]?: (value: string, values: FieldValues<V>) => RuleResult };
  /** The code for a blank required field, by field name. */
  requiredCode: { [K in FieldName<V>]?: string };
  /** Longest secret accepted, with the code that says so, by secret field name. */
  secretLimit: { [K in FieldName<V>]?: { max: number; code: string } };
  /** Code for a value outside a select's choices, by field name. */
  choiceCode: { [K in FieldName<V>]?: string };
  /**
   * Secrets issued with another field's value (S3: a secret key with its access key ID), by secret field
   * name: once that field is given a new value, the stored secret belongs to the old one, so a new
   * secret must come with it (`code` says so). Applied by lib/settings/tied-secrets.ts everywhere
   * settings change: the form, the Manage API, the CLI, Packages enabled or not.
   */
  tiedSecrets: { [K in FieldName<V>]?: { field: FieldName<V>; code: string } };
  /** Rules across this type's fields, on values that passed the field rules. */
  wholeProblems?: (values: FieldValues<V>) => FieldProblem[];
  /** Language-neutral label of where the packages are stored, or null when nothing is set. */
  location: (values: FieldValues<V>) => string | null;
  /** The field a change of storage location shows on, or null when the location is the same. */
  changedField: (before: FieldValues<V>, after: FieldValues<V>) => FieldName<V> | null;
}

/** A storage type's own rules (the shared fields' rules are StorageRules only). */
export interface StorageTypeRules<V extends object = Record<string, unknown>> extends StorageRules<V> {
  /** The API the storage speaks and how the console authenticates to it: what a packages service can serve from. */
  serviceTraits: (values: FieldValues<V>) => { protocol: string; authMode: string };
}
