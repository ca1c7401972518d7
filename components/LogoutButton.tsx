import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/routing';

/** A plain POST form: signing out works before (or without) JavaScript, and a GET can never sign anyone out. */
export async function LogoutButton({ locale }: { locale: Locale }) {
  const t = await getTranslations('LogoutButton');
  return (
    <form method="post" action={`/api/auth/logout?locale=${locale}`} className="logout-form">
      <button type="submit" className="btn btn--small btn--header">
        {t('label')}
      </button>
    </form>
  );
}
