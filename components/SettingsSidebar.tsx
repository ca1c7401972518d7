import { getLocale, getTranslations } from 'next-intl/server';
import { getPathname } from '@/lib/i18n/navigation';
import { requestedPagePath } from '@/lib/i18n/page-path';

/** The settings pages, the requested one marked current; plain links, so each page renders its own sidebar. */
export async function SettingsSidebar() {
  const t = await getTranslations('SettingsSidebar');
  const tRuns = await getTranslations('ConfigRunsPage');
  const tHealth = await getTranslations('StorageHealthPage');
  const tHistory = await getTranslations('HistoryPage');
  const tServices = await getTranslations('ServicesPage');
  const pages = [
    { page: '/settings/packages', label: t('packages') },
    { page: '/settings/runs', label: tRuns('navLabel') },
    { page: '/settings/history', label: tHistory('navLabel') },
    { page: '/settings/health', label: tHealth('navLabel') },
    { page: '/settings/services', label: tServices('navLabel') },
  ];
  const locale = await getLocale();
  const current = await requestedPagePath();
  return (
    <nav className="settings-sidebar" aria-label={t('label')}>
      <h2 className="settings-sidebar__heading">{t('label')}</h2>
      <ul>
        {pages.map(({ page, label }) => (
          <li key={page}>
            <a href={getPathname({ href: page, locale })} aria-current={current === page ? 'page' : undefined} className="settings-sidebar__item">
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
