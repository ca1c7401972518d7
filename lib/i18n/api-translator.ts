import { loadMessages, localeFromAcceptLanguage } from './messages';
import { isLocale, type Locale } from './routing';
import { translatorFor, type Translator } from './translator';

export async function loadTranslator(locale: Locale): Promise<Translator> {
  return translatorFor(locale, await loadMessages(locale));
}

/**
 * A translator for API responses, in the caller's Accept-Language (English by default). With `query`,
 * `?locale=` wins: an EventSource cannot set headers.
 */
export async function apiTranslator(request: Request, { query = false }: { query?: boolean } = {}): Promise<Translator> {
  const fromQuery = query ? new URL(request.url).searchParams.get('locale') : null;
  return loadTranslator(isLocale(fromQuery) ? fromQuery : localeFromAcceptLanguage(request.headers.get('accept-language')));
}
