import { setRequestLocale } from 'next-intl/server';
import { SettingsSidebar } from '@/components/SettingsSidebar';

export default async function SettingsLayout({ children, params }: LayoutProps<'/[locale]/settings'>) {
  const { locale } = await params;
  setRequestLocale(locale);
  return (
    <div className="console-layout">
      <SettingsSidebar />
      {children}
    </div>
  );
}
