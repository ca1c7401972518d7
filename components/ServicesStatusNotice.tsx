import { getTranslations } from 'next-intl/server';
import { staleMessageKey } from '@/lib/services/describe-services';
import type { ServicesStatusSource } from '@/lib/services/status-file';
import { utcTime } from './utcTime';

/** When the console last reported, or why every service is shown stopped (no report, unreadable, console gone). */
export async function ServicesStatusNotice({ source, updatedAt }: { source: ServicesStatusSource; updatedAt: string | null }) {
  const t = await getTranslations();
  const stale = staleMessageKey(source);
  if (stale) {
    return (
      <p className="services-notice" role="note" data-source={source}>
        {t(stale)}
      </p>
    );
  }
  return (
    <p className="services-notice" data-source={source}>
      {t('ServicesPage.reportedAt', { time: utcTime(updatedAt) })}
    </p>
  );
}
