import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { HealthChangesList } from '@/components/HealthChangesList';
import { HealthCheckNowButton } from '@/components/HealthCheckNowButton';
import { HealthHistoryTable } from '@/components/HealthHistoryTable';
import { HealthLatencyChart } from '@/components/HealthLatencyChart';
import { HealthServicesTable } from '@/components/HealthServicesTable';
import { HealthSummary } from '@/components/HealthSummary';
import { MetricsTokenSection } from '@/components/MetricsTokenSection';
import { requirePageSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { describeHealth, operationLabel } from '@/lib/health/describe-health';
import { readHealthHistory } from '@/lib/health/history-store';
import { HEALTH_OPERATIONS } from '@/lib/health/types';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';

/** Checks shown in the chart and its table: a day at the default interval, a page a screen reader can still walk. */
const SHOWN_CHECKS = 288;

export default async function StorageHealthPage({ params }: PageProps<'/[locale]/settings/health'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, getPathname({ href: '/settings/health', locale }));
  const t = await getTranslations('StorageHealthPage');
  const tButton = await getTranslations('HealthCheckNowButton');
  const { lookup } = await serverTranslator();
  const env = readConsoleEnv();
  const history = await readHealthHistory(env);
  const view = describeHealth(history.records.at(-1), lookup);
  const records = history.records.filter((record) => record.operations.length > 0).slice(-SHOWN_CHECKS);
  const series = HEALTH_OPERATIONS.map((operation) => {
    const outcomes = records.map((record) => record.operations.find((each) => each.operation === operation));
    return {
      label: operationLabel(operation, lookup),
      values: outcomes.map((outcome) => (outcome?.status === 'pass' ? outcome.latencyMs : null)),
      failed: outcomes.map((outcome) => outcome?.status === 'fail'),
    };
  });
  return (
    <main id="content" className="console-main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro', { seconds: env.healthIntervalSeconds })}</p>
      <HealthSummary view={view} />
      <HealthCheckNowButton label={tButton('label')} checkingLabel={tButton('checking')} failedMessage={tButton('failed')} />
      <HealthServicesTable services={view.services} />
      <h2 id="health-chart-title">{t('chartTitle')}</h2>
      {records.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <>
          <p id="health-chart-note">{t('chartNote', { count: records.length })}</p>
          <HealthLatencyChart
            times={records.map((record) => Date.parse(record.checkedAt) / 1000)}
            series={series}
            failedLabel={t('failed')}
            label={`${t('chartTitle')}. ${t('chartNote', { count: records.length })}`}
          />
          <HealthHistoryTable records={records} />
        </>
      )}
      <h2>{t('changes')}</h2>
      <HealthChangesList changes={history.changes} />
      <MetricsTokenSection />
    </main>
  );
}
