import type { Messages } from '@/lib/i18n/messages';
import type { Locale } from '@/lib/i18n/routing';

// Declares the console's locales and messages to next-intl, so a translation key that does not exist in
// messages/en.json (the reference the other languages are checked against) fails to compile.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
