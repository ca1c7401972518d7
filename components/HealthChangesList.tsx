import { getTranslations } from 'next-intl/server';
import { describeCause, stateLabel } from '@/lib/health/describe-health';
import type { HealthStateChange } from '@/lib/health/types';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { utcTime } from './utcTime';

/** Changes of state, newest first, each with its time and cause. */
export async function HealthChangesList({ changes }: { changes: HealthStateChange[] }) {
  const { lookup } = await serverTranslator();
  const t = await getTranslations('StorageHealthPage');
  if (changes.length === 0) return <p>{t('noChanges')}</p>;
  return (
    <ol className="health-changes" reversed>
      {[...changes].reverse().map((change) => (
        <li key={`${change.at}-${change.to}`}>
          <time dateTime={change.at}>{utcTime(change.at)}</time>{' '}
          <strong>{t('change', { from: stateLabel(change.from, lookup), to: stateLabel(change.to, lookup) })}</strong>{' '}
          {describeCause(change.cause, lookup)}
        </li>
      ))}
    </ol>
  );
}
