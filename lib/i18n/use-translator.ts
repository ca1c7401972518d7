import { useLocale, useMessages, useTimeZone } from 'next-intl';
import { useMemo } from 'react';
import { translatorFor, type Translator } from './translator';

/** The translator in a client component, over the messages the provider sent (client-messages.ts). */
export function useTranslator(): Translator {
  const locale = useLocale();
  const messages = useMessages();
  const timeZone = useTimeZone();
  return useMemo(() => translatorFor(locale, messages, timeZone), [locale, messages, timeZone]);
}
