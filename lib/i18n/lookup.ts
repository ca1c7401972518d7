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

/** A field problem's sentence: its namespace (a storage type's, else `Validation`), its arguments, dates in the reader's language. */
export function problemText(problem: { code: string; namespace?: string; params?: Record<string, string> }, t: MessageLookup): string {
  return t(`${problem.namespace ?? 'Validation'}.${problem.code}`, localizeDateParams(problem.params, lookupLocale(t)));
}
