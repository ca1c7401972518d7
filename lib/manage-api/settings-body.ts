import 'server-only';
import { problemText, type MessageLookup } from '@/lib/i18n/lookup';
import type { PackagesField } from '@/lib/settings/fields';
import { checkFieldValue } from '@/lib/settings/key-values';
import { API_FIELD_NAMES, fieldForApiName } from './field-names';
import type { FieldProblem } from '@/lib/settings/schema';
import type { PackagesSettings, SettingsSnapshot } from '@/lib/settings/types';
import { textOf } from '@/lib/storage/types';

import { SETTINGS_FIELDS } from '@/lib/settings/fields';
import { flattenGroups, nestDottedNames, nestedGroups } from './nested-names';
import type { ManageIssue } from './responses';

// The Manage API's view of the packages settings: GitHub Enterprise names, the secret write-only.

/** `enabled`, `blob_storage_type`, each type's fields by their API names, `<secret>_set` for each secret, and the groups (`ecosystems`). */
export type ManagePackagesSettings = Record<string, string | boolean | Record<string, string | boolean>>;

export function manageSettings(snapshot: SettingsSnapshot): { packages: ManagePackagesSettings; version: number } {
  const p = snapshot.packages;
  const packages: Record<string, string | boolean> = { enabled: p.enabled, blob_storage_type: p.storageType };
  for (const field of SETTINGS_FIELDS) {
    if (field.secret) packages[`${field.apiName}_set`] = textOf(p, field.name) !== '';
    else packages[field.apiName] = textOf(p, field.name);
  }
  return { packages: nestDottedNames(packages), version: snapshot.version };
}

const API_GROUPS = nestedGroups(SETTINGS_FIELDS.map((field) => field.apiName));
const READ_ONLY = new Set(SETTINGS_FIELDS.filter((field) => field.secret).map((field) => `${field.apiName}_set`));

export const etagOf = (version: number) => `"${version}"`;

/** `If-Match: 7`, `"7"` or `W/"7"` → 7; absent or `*` → null (no precondition); anything else → 'invalid'. */
export function parseIfMatch(header: string | null): number | null | 'invalid' {
  if (header === null || header.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match?.[1] ? Number(match[1]) : 'invalid';
}

export function apiFieldName(field: string): string {
  return API_FIELD_NAMES[field as PackagesField] ?? field;
}

export function validationIssues(problems: FieldProblem[], t: MessageLookup): ManageIssue[] {
  return problems.map((problem) => ({ field: problem.field === null ? null : apiFieldName(problem.field), code: problem.code, message: problemText(problem, t) }));
}

export type ParsedChanges = { ok: true; changes: Partial<PackagesSettings> } | { ok: false; errors: ManageIssue[] };

/** Unknown keys named one by one; past this, one issue counts the rest (a body of 5,000 junk keys gets a short answer). */
export const MAX_LISTED_UNKNOWN_FIELDS = 10;

function capUnknownFields(errors: ManageIssue[], t: MessageLookup): ManageIssue[] {
  let unknown = 0;
  const kept = errors.filter((error) => error.code !== 'unknownField' || ++unknown <= MAX_LISTED_UNKNOWN_FIELDS);
  const more = unknown - MAX_LISTED_UNKNOWN_FIELDS;
  if (more <= 0) return errors;
  return [...kept, { field: null, code: 'moreUnknownFields', message: t('ManageApi.moreUnknownFields', { count: more }) }];
}

/** `{ "packages": { ...some keys } }` → the changes, each value checked on its own. */
export function parseSettingsChanges(body: unknown, t: MessageLookup): ParsedChanges {
  const issue = (field: string | null, code: string, message: string): ManageIssue => ({ field, code, message });
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [issue(null, 'objectExpected', t('ManageApi.objectExpected'))] };
  const errors: ManageIssue[] = [];
  for (const key of Object.keys(body)) if (key !== 'packages') errors.push(issue(key, 'unknownField', t('Validation.unknownField')));
  const packages = (body as { packages?: unknown }).packages;
  if (!packages || typeof packages !== 'object' || Array.isArray(packages)) {
    return { ok: false, errors: capUnknownFields([...errors, issue('packages', 'objectExpected', t('ManageApi.objectExpected'))], t) };
  }
  const changes: Partial<Record<PackagesField, unknown>> = {};
  for (const [key, value] of Object.entries(flattenGroups(packages as Record<string, unknown>, API_GROUPS))) {
    const field = fieldForApiName(key);
    if (READ_ONLY.has(key)) errors.push(issue(key, 'readOnlyField', t('ManageApi.readOnlyField')));
    else if (!field) errors.push(issue(key, 'unknownField', t('Validation.unknownField')));
    else {
      const checked = checkFieldValue(field, value);
      if (checked.ok) changes[field] = checked.value;
      else errors.push(issue(key, checked.code, problemText(checked, t)));
    }
  }
  return errors.length > 0 ? { ok: false, errors: capUnknownFields(errors, t) } : { ok: true, changes: changes as Partial<PackagesSettings> };
}
