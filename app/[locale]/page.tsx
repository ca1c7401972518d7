import { notFound, redirect } from 'next/navigation';
import { requirePageSession } from '@/lib/auth/require-session';
import { homePath } from '@/lib/auth/return-path';
import { isLocale } from '@/lib/i18n/routing';

export default async function LocaleHome({ params }: PageProps<'/[locale]'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  await requirePageSession(locale, `/${locale}`);
  redirect(homePath(locale));
}
