import { defineRouting } from 'next-intl/routing';

export const LOCALES = ['en', 'zh', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: 'en',
  localePrefix: 'always',
});

// The URL segment stays short (/zh); the document says which Chinese it is, for screen readers and fonts.
const LANGUAGE_TAGS: Record<Locale, string> = { en: 'en', zh: 'zh-CN', fr: 'fr' };

/** The BCP 47 tag for `lang` and `hreflang` attributes. */
export function languageTag(locale: Locale): string {
  return LANGUAGE_TAGS[locale];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
