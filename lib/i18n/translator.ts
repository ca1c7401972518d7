import { createTranslator, IntlError, IntlErrorCode, type Locale, type MessageKeys, type Messages, type NestedKeyOf } from 'use-intl/core';
import type { MessageLookup } from './lookup';

// The console's one translator factory: API responses, server components, the proxy and the CLI all get
// their translator here. `use-intl/core` is the module next-intl's own `createTranslator` comes from; the
// CLI runs under the react-server condition, where next-intl's entry pulls in React client hooks and fails
// to load. `Locale` and `Messages` are next-intl's AppConfig types (global.ts), so keys are checked.

/** The server's time zone, found once for the life of the process (next-intl would look it up per request). */
export const SERVER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A key of one message in messages/en.json ("ConfigRun.phases.validate"). */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;

/**
 * Whether a key built at run time (a run's phase, a storage type's namespace) names a message: checked
 * against the messages themselves, so the typed translator can take it without a cast. A message is any
 * leaf that is not a namespace: a string, or the array next-intl's build precompiles an ICU message to
 * (next.config.js).
 */
export function isMessageKey(messages: object, key: string): key is MessageKey {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!isNamespace(node) || !Object.hasOwn(node, part)) return false;
    node = node[part];
  }
  return node !== undefined && node !== null && !isNamespace(node);
}

function isNamespace(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** What next-intl does for a missing message by default: report it and show the key's path. */
export function missingMessage(key: string, locale: string): string {
  console.error(new IntlError(IntlErrorCode.MISSING_MESSAGE, `Could not resolve \`${key}\` in messages for locale \`${locale}\`.`));
  return key;
}

function typedTranslator(locale: Locale, messages: Messages, timeZone: string) {
  return createTranslator({ locale, messages, timeZone });
}

/** Keys checked against messages/en.json, with the locale it speaks and a lookup for keys built at run time. */
export type Translator = ReturnType<typeof typedTranslator> & { locale: Locale; lookup: MessageLookup };

export function translatorFor(locale: Locale, messages: Messages, timeZone: string = SERVER_TIME_ZONE): Translator {
  const t = typedTranslator(locale, messages, timeZone);
  const lookup: MessageLookup = Object.assign(
    (key: string, params?: Record<string, string | number>) => (isMessageKey(messages, key) ? t(key, params) : missingMessage(key, locale)),
    { locale },
  );
  return Object.assign(t, { locale, lookup });
}
