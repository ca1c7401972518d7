import { localizeDateParams } from './date-params';
import type { ApiTranslator } from './api-translator';

/**
 * One translator type for server code over the whole message tree, with keys as plain strings: next-intl's
 * in routes, use-intl's in the CLI. Keys built at run time (a run's phase, a storage type's namespace)
 * need it; the typed next-intl translator would not accept them.
 */
export type MessageLookup = ((key: string, params?: Record<string, string | number>) => string) & {
  /** The language it speaks, for what messages take ready-made (dates). */
  locale?: string;
};

export function lookupFrom(t: ApiTranslator, locale?: string): MessageLookup {
  return Object.assign((key: string, params?: Record<string, string | number>) => t(key as never, params as never), { locale });
}

export function lookupLocale(t: MessageLookup): string {
  return t.locale ?? 'en';
}

/** The same lookup, scoped to one namespace (as describe-issue.ts expects `StorageCheck`). */
export function scoped(t: MessageLookup, namespace: string): (key: string, params?: Record<string, string>) => string {
  return (key, params) => t(`${namespace}.${key}`, params);
}

/** A field problem's sentence: its namespace (a storage type's, else `Validation`), its arguments, dates in the reader's language. */
export function problemText(problem: { code: string; namespace?: string; params?: Record<string, string> }, t: MessageLookup): string {
  return t(`${problem.namespace ?? 'Validation'}.${problem.code}`, localizeDateParams(problem.params, lookupLocale(t)));
}
