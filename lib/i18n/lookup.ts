import { localizeDateParams } from './date-params';

/**
 * The whole message tree with keys built at run time (a run's phase, a storage type's namespace): every
 * translator from translator.ts carries one (`t.lookup`), which checks each key against the messages.
 */
export type MessageLookup = ((key: string, params?: Record<string, string | number>) => string) & {
  /** The language it speaks, for what messages take ready-made (dates). */
  locale?: string;
};

export function lookupLocale(t: MessageLookup): string {
  return t.locale ?? 'en';
}

/** The same lookup, scoped to one namespace (as a type's describe-issue.ts expects its own). */
export function scoped(t: MessageLookup, namespace: string): (key: string, params?: Record<string, string>) => string {
  return (key, params) => t(`${namespace}.${key}`, params);
}

/** A field problem's sentence: its namespace (a storage type's, else `Validation`), its arguments in the reader's language. */
export function problemText(problem: { code: string; namespace?: string; params?: Record<string, string> }, t: MessageLookup): string {
  return t(`${problem.namespace ?? 'Validation'}.${problem.code}`, localizeProblemParams(problem.params, t));
}

/**
 * The argument naming storage types: the message keys of their labels, space-separated ('none': no
 * type). Keys, not ids, so that no page loads the storage registry to say them.
 */
export const STORAGE_TYPES_PARAM = 'supportedTypes';

/**
 * Problems carry language-neutral arguments; each reader sees them in their own words: dates (see
 * date-params.ts), and storage types, each named by its own label, as a list of the language ("Amazon S3 or …").
 */
export function localizeProblemParams(params: Record<string, string> | undefined, t: MessageLookup): Record<string, string> {
  const locale = lookupLocale(t);
  const out = localizeDateParams(params, locale);
  const labelKeys = out[STORAGE_TYPES_PARAM];
  // A problem stored by a run before the types were named reads as one naming none (its message needs the argument).
  if (!labelKeys || labelKeys === 'none') return { ...out, [STORAGE_TYPES_PARAM]: 'none' };
  out[STORAGE_TYPES_PARAM] = new Intl.ListFormat(locale, { type: 'disjunction' }).format(labelKeys.split(' ').map((key) => t(key)));
  return out;
}
