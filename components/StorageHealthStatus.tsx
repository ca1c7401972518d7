import { readConsoleEnv } from '@/lib/env';
import { describeHealth } from '@/lib/health/describe-health';
import { readHealthHistory } from '@/lib/health/history-store';
import { getPathname } from '@/lib/i18n/navigation';
import type { Locale } from '@/lib/i18n/routing';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { HealthStateIcon } from './HealthStateIcon';
import { utcTime } from './utcTime';

/** The header's storage status for a signed-in admin: icon, state word and time of the last check, linking to Storage health. */
export async function StorageHealthStatus({ locale }: { locale: Locale }) {
  const t = await serverTranslator();
  const view = describeHealth((await readHealthHistory(readConsoleEnv())).records.at(-1), t.lookup);
  // A service down is said beside the state it degraded: the word alone would blame the storage.
  const down = view.services.filter((probe) => !probe.up);
  const when = view.checkedAt ? t('StorageHealthStatus.checkedAt', { time: utcTime(view.checkedAt) }) : t('StorageHealthStatus.notChecked');
  return (
    <a href={getPathname({ href: '/settings/health', locale })} className={`health-status health-status--${view.state}`} data-state={view.state}>
      <HealthStateIcon state={view.state} />
      <span className="health-status__word">{t('StorageHealthStatus.label', { state: view.stateLabel })}</span>
      {down.map((probe) => (
        <span key={probe.ecosystem} className="health-status__service">
          {t('StorageHealthStatus.serviceDown', { name: probe.name })}
        </span>
      ))}
      <span className="health-status__time">{when}</span>
    </a>
  );
}
