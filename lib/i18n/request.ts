import { getRequestConfig } from 'next-intl/server';
import { isLocale, routing } from './routing';
import { loadMessages } from './messages';
// next-intl's default time zone is the server's, found with `new Intl.DateTimeFormat()` once per request
// (~0.2 ms of CPU in the profile). It is the same for the life of the process: found once instead.
import { SERVER_TIME_ZONE } from './translator';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = isLocale(requested) ? requested : routing.defaultLocale;
  return { locale, timeZone: SERVER_TIME_ZONE, messages: await loadMessages(locale) };
});
