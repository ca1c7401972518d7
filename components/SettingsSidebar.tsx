import { getLocale, getTranslations } from 'next-intl/server';
import { getPathname } from '@/lib/i18n/navigation';
import { SettingsSidebarNav } from './SettingsSidebarNav';

export async function SettingsSidebar() {
  const t = await getTranslations('SettingsSidebar');
  const tRuns = await getTranslations('ConfigRunsPage');
  const tHealth = await getTranslations('StorageHealthPage');
  const tHistory = await getTranslations('HistoryPage');
  const tServices = await getTranslations('ServicesPage');
  const locale = await getLocale();
  const items = [
    { href: getPathname({ href: '/settings/packages', locale }), label: t('packages') },
    { href: getPathname({ href: '/settings/runs', locale }), label: tRuns('navLabel') },
    { href: getPathname({ href: '/settings/history', locale }), label: tHistory('navLabel') },
    { href: getPathname({ href: '/settings/health', locale }), label: tHealth('navLabel') },
    { href: getPathname({ href: '/settings/services', locale }), label: tServices('navLabel') },
  ];
  return (
    <nav className="settings-sidebar" aria-label={t('label')}>
      <h2 className="settings-sidebar__heading">{t('label')}</h2>
      <SettingsSidebarNav items={items} />
    </nav>
  );
}
