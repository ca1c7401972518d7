import { getLocale, getTranslations } from 'next-intl/server';
import { SettingsSidebarNav } from './SettingsSidebarNav';

export async function SettingsSidebar() {
  const t = await getTranslations('SettingsSidebar');
  const tRuns = await getTranslations('ConfigRunsPage');
  const tHealth = await getTranslations('StorageHealthPage');
  const tHistory = await getTranslations('HistoryPage');
  const tServices = await getTranslations('ServicesPage');
  const locale = await getLocale();
  const items = [
    { href: `/${locale}/settings/packages`, label: t('packages') },
    { href: `/${locale}/settings/runs`, label: tRuns('navLabel') },
    { href: `/${locale}/settings/history`, label: tHistory('navLabel') },
    { href: `/${locale}/settings/health`, label: tHealth('navLabel') },
    { href: `/${locale}/settings/services`, label: tServices('navLabel') },
  ];
  return (
    <nav className="settings-sidebar" aria-label={t('label')}>
      <h2 className="settings-sidebar__heading">{t('label')}</h2>
      <SettingsSidebarNav items={items} />
    </nav>
  );
}
