import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';

export async function SettingsSidebar() {
  const t = await getTranslations('SettingsSidebar');
  const locale = await getLocale();
  return (
    <nav className="settings-sidebar" aria-label={t('label')}>
      <h2 className="settings-sidebar__heading">{t('label')}</h2>
      <ul>
        <li>
          <Link href={`/${locale}/settings/packages`} aria-current="page" className="settings-sidebar__item">
            {t('packages')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
