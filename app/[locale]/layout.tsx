import type { Metadata } from 'next';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ConsoleHeader } from '@/components/ConsoleHeader';
import { currentSession } from '@/lib/auth/require-session';
import { CLIENT_NAMESPACES, pickMessages } from '@/lib/i18n/client-messages';
import { languageTag, routing } from '@/lib/i18n/routing';
import '../globals.css';

export async function generateMetadata({ params }: LayoutProps<'/[locale]'>): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale: hasLocale(routing.locales, locale) ? locale : 'en', namespace: 'Metadata' });
  return { title: t('title'), description: t('description') };
}

export default async function LocaleLayout({ children, params }: LayoutProps<'/[locale]'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  // Every page renders per request (no generateStaticParams): the CSP nonce is new each time, and the
  // header shows Sign out only to a signed-in admin.
  const signedIn = (await currentSession()).status === 'valid';
  return (
    <html lang={languageTag(locale)}>
      <body>
        <NextIntlClientProvider messages={pickMessages(await getMessages(), CLIENT_NAMESPACES)}>
          <ConsoleHeader locale={locale} signedIn={signedIn} />
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
