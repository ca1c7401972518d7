import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { HistoryCompareForm } from '@/components/HistoryCompareForm';
import { HistoryVersionRow } from '@/components/HistoryVersionRow';
import { VersionChanges } from '@/components/VersionChanges';
import { restoreLabels } from '@/components/restoreLabels';
import { requirePageSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { parseVersion } from '@/lib/history/history-json';
import { MAX_KEPT_VERSIONS } from '@/lib/history/history-store';
import { compareVersions, listHistory } from '@/lib/history/versions';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';
import { SettingsFileError } from '@/lib/settings/store';

/** The kept settings versions, newest first, a comparison of any two, and a restore for each. Server-rendered; only the restore buttons are scripts. */
export default async function HistoryPage({ params, searchParams }: PageProps<'/[locale]/settings/history'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, getPathname({ href: '/settings/history', locale }));
  const t = await getTranslations('HistoryPage');
  const env = readConsoleEnv();
  let versions;
  try {
    versions = await listHistory(env);
  } catch (error) {
    // A damaged history is the operator's to fix: say which file, as the settings page does; saves go on.
    if (!(error instanceof SettingsFileError)) throw error;
    console.error(error.message);
    return (
      <main id="content" className="console-main" tabIndex={-1}>
        <h1>{t('title')}</h1>
        <div className="flash flash--error" role="alert">
          <strong>{t('historyUnreadableTitle')}</strong>
          <p>{t('historyUnreadable', { path: error.path })}</p>
        </div>
      </main>
    );
  }
  const query = await searchParams;
  const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
  const numbers = versions.map((version) => version.version);
  const from = parseVersion(single(query.from)) ?? numbers[1] ?? numbers[0] ?? 0;
  const to = parseVersion(single(query.to)) ?? numbers[0] ?? 0;
  const comparing = query.from !== undefined || query.to !== undefined;
  const comparison = comparing ? await compareVersions(env, from, to) : null;
  const missing = comparing && !comparison ? (numbers.includes(from) ? to : from) : null;
  const current = versions[0]?.version ?? 0;
  const labels = restoreLabels(t);
  const runsHref = getPathname({ href: '/settings/runs', locale });
  return (
    <main id="content" className="console-main" tabIndex={-1}>
      <h1 id="history-title">{t('title')}</h1>
      <p className="lead">{t('intro', { max: MAX_KEPT_VERSIONS })}</p>
      {versions.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <>
          <HistoryCompareForm versions={numbers} from={from} to={to} />
          {comparison ? <VersionChanges changes={comparison} caption={t('comparison', { from, to })} /> : null}
          {missing !== null ? <p role="alert">{t('notKept', { version: missing })}</p> : null}
          <div className="table-scroll" role="region" aria-labelledby="history-title" tabIndex={0}>
            <table className="runs-table">
              <thead>
                <tr>
                  <th scope="col">{t('version')}</th>
                  <th scope="col">{t('saved')}</th>
                  <th scope="col">{t('run')}</th>
                  <th scope="col">{t('changes')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <HistoryVersionRow key={version.version} version={version} currentVersion={current} runsHref={runsHref} restoreLabels={labels} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
}
