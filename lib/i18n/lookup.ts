import type { ApiTranslator } from './api-translator';

/**
 * One translator type for server code over the whole message tree, with keys as plain strings: next-intl's
 * in routes, use-intl's in the CLI. Keys built at run time (a run's phase, a storage type's namespace)
 * need it; the typed next-intl translator would not accept them.
 */
export type MessageLookup = (key: string, params?: Record<string, string | number>) => string;

export function lookupFrom(t: ApiTranslator): MessageLookup {
  return (key, params) => t(key as never, params as never);
}

/** The same lookup, scoped to one namespace (as describe-issue.ts expects `StorageCheck`). */
export function scoped(t: MessageLookup, namespace: string): (key: string, params?: Record<string, string>) => string {
  return (key, params) => t(`${namespace}.${key}`, params);
}
