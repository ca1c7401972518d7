import { setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { SettingsSidebar } from '@/components/SettingsSidebar';
import { isLocale } from '@/lib/i18n/routing';

export default async function SettingsLayout({ children, params }: LayoutProps<'/[locale]/settings'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return (
    <div className="console-layout">
      <SettingsSidebar />
      {children}
    </div>
  );
}
