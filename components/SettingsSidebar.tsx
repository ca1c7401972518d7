import { getLocale, getTranslations } from 'next-intl/server';
import { getPathname } from '@/lib/i18n/navigation';
import { requestedPagePath } from '@/lib/i18n/page-path';

const PAGES = ['/settings/packages', '/settings/runs', '/settings/history', '/settings/health', '/settings/services'] as const;

/** The settings pages, the requested one marked current; plain links, so each page renders its own sidebar. */
export async function SettingsSidebar() {
  const t = await getTranslations('SettingsSidebar');
  const tRuns = await getTranslations('ConfigRunsPage');
  const tHealth = await getTranslations('StorageHealthPage');
  const tHistory = await getTranslations('HistoryPage');
  const tServices = await getTranslations('ServicesPage');
  const labels: Record<(typeof PAGES)[number], string> = {
    '/settings/packages': t('packages'),
    '/settings/runs': tRuns('navLabel'),
    '/settings/history': tHistory('navLabel'),
    '/settings/health': tHealth('navLabel'),
    '/settings/services': tServices('navLabel'),
  };
  const locale = await getLocale();
  const current = await requestedPagePath();
  return (
    <nav className="settings-sidebar" aria-label={t('label')}>
      <h2 className="settings-sidebar__heading">{t('label')}</h2>
      <ul>
        {PAGES.map((page) => (
          <li key={page}>
            <a href={getPathname({ href: page, locale })} aria-current={current === page ? 'page' : undefined} className="settings-sidebar__item">
              {labels[page]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
