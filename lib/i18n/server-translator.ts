import { getLocale, getMessages, getTimeZone } from 'next-intl/server';
import { translatorFor, type Translator } from './translator';

/** The request's translator for server components, from next-intl's request config (request.ts). */
export async function serverTranslator(): Promise<Translator> {
  return translatorFor(await getLocale(), await getMessages(), await getTimeZone());
}
