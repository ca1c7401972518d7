import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ServiceStatusSection } from '@/components/ServiceStatusSection';
import { ServicesStatusNotice } from '@/components/ServicesStatusNotice';
import { requirePageSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';
import { describeService } from '@/lib/services/describe-services';
import { readServiceLog, readServicesStatus } from '@/lib/services/status-file';

/** Log lines shown per service: the "last 100", enough to see a crash and its cause. */
const SHOWN_LOG_LINES = 100;

export default async function ServicesPage({ params }: PageProps<'/[locale]/settings/services'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, getPathname({ href: '/settings/services', locale }));
  const t = await getTranslations('ServicesPage');
  const { lookup } = await serverTranslator();
  const env = readConsoleEnv();
  const status = await readServicesStatus(env.dataDir, env.services);
  const logs = await Promise.all(status.ecosystems.map((record) => readServiceLog(env.dataDir, record.id, SHOWN_LOG_LINES)));
  return (
    <main id="content" className="console-main" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ServicesStatusNotice source={status.source} updatedAt={status.updatedAt} />
      {status.ecosystems.map((record, index) => (
        <ServiceStatusSection key={record.id} service={describeService(record, lookup)} log={logs[index] ?? []} />
      ))}
    </main>
  );
}
