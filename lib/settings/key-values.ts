import { MAX_FIELD_LENGTH, accessKeyProblem, bucketNameProblem, createPackagesSettingsSchema, fieldProblems, pathStyleSchema, serviceUrlProblem, type FieldProblem } from './schema';
import { SETTINGS_KEYS, type PackagesSettings } from './types';
import type { PackagesField } from './fields';

// Settings changed one key at a time (Manage API partial PUT, `cli config set`): each value is checked
// on its own here, and the whole is checked by settingsProblems (or by the next configuration run).

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** Manage API names of the packages settings (GET/PUT /manage/v1/config/settings). */
export const API_FIELD_NAMES: Record<PackagesField, string> = {
  enabled: 'enabled',
  serviceUrl: 'service_url',
  bucket: 's3_bucket',
  accessKey: 'aws_access_key',
  secretKey: 'aws_secret_key',
  region: 's3_region',
  pathStyle: 's3_path_style',
};

export function fieldForApiName(name: string): PackagesField | null {
  const entry = Object.entries(API_FIELD_NAMES).find(([, apiName]) => apiName === name);
  return entry ? (entry[0] as PackagesField) : null;
}

export function fieldForSettingsKey(key: string): PackagesField | null {
  const entry = Object.entries(SETTINGS_KEYS).find(([, settingsKey]) => settingsKey === key);
  return entry && entry[0] !== 'blobStorageType' ? (entry[0] as PackagesField) : null;
}

type Checked = { ok: true; value: PackagesSettings[PackagesField] } | { ok: false; code: string };

/** One value on its own: its type and format. Blank text clears a field (except the secret). */
export function checkFieldValue(field: PackagesField, raw: unknown): Checked {
  if (field === 'enabled') return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false, code: 'enabledInvalid' };
  if (typeof raw !== 'string') return { ok: false, code: 'invalid' };
  if (raw.length > MAX_FIELD_LENGTH) return { ok: false, code: 'tooLong' };
  if (CONTROL_CHARACTERS.test(raw)) return { ok: false, code: 'controlCharacters' };
  const value = raw.trim();
  if (field === 'pathStyle') {
    const parsed = pathStyleSchema.safeParse(value);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, code: 'pathStyleInvalid' };
  }
  if (field === 'secretKey') {
    if (value === '') return { ok: false, code: 'secretKeyRequired' };
    return value.length > 256 ? { ok: false, code: 'secretKeyLength' } : { ok: true, value };
  }
  if (value === '') return { ok: true, value };
  const problem =
    field === 'serviceUrl' ? serviceUrlProblem(value)
    : field === 'bucket' ? bucketNameProblem(value)
    : field === 'accessKey' ? accessKeyProblem(value)
    : REGION.test(value) ? null : 'regionInvalid';
  return problem ? { ok: false, code: problem } : { ok: true, value };
}

/**
 * The settings as a whole, by the console form's rules (all storage fields are needed when enabled).
 * `storedSecretFor`: the saved settings, when `packages` changes them without giving a new secret.
 */
export function settingsProblems(packages: PackagesSettings, version: number, storedSecretFor?: PackagesSettings): FieldProblem[] {
  const schema = createPackagesSettingsSchema({ secretStored: packages.secretKey !== '', storedSecretFor });
  const parsed = schema.safeParse({ ...packages, secretKey: '', version });
  return parsed.success ? [] : fieldProblems(parsed.error);
}
