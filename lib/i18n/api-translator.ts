import { createTranslator } from 'next-intl';
import { loadMessages, localeFromAcceptLanguage } from './messages';
import type { Locale } from './routing';

/** A translator for API responses, in the caller's Accept-Language (English by default). */
export async function apiTranslator(request: Request) {
  const locale: Locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
  const messages = await loadMessages(locale);
  return { locale, messages, t: createTranslator({ locale, messages }) };
}

export type ApiTranslator = Awaited<ReturnType<typeof apiTranslator>>['t'];
