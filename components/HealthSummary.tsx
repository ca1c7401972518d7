import { getTranslations } from 'next-intl/server';
import type { HealthView } from '@/lib/health/describe-health';
import { HealthStateIcon } from './HealthStateIcon';
import { utcTime } from './utcTime';

/** The current state and its cause, when it was checked, and the endpoint certificate's expiry. */
export async function HealthSummary({ view }: { view: HealthView }) {
  const t = await getTranslations('StorageHealthPage');
  return (
    <dl className="health-summary" data-state={view.state}>
      <dt>{t('current')}</dt>
      <dd className={`health-summary__state health-summary__state--${view.state}`}>
        <HealthStateIcon state={view.state} /> {view.stateLabel}
      </dd>
      <dt>{t('cause')}</dt>
      <dd>{view.cause.message}</dd>
      <dt>{t('lastChecked')}</dt>
      <dd>{view.checkedAt ? <time dateTime={view.checkedAt}>{utcTime(view.checkedAt)}</time> : t('never')}</dd>
      <dt>{t('certificate')}</dt>
      <dd>{view.certificateExpiresAt ? <time dateTime={view.certificateExpiresAt}>{utcTime(view.certificateExpiresAt)}</time> : t('noCertificate')}</dd>
    </dl>
  );
}
