import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppliedConfigNote } from '@/components/AppliedConfigNote';
import { ConfigRunRow } from '@/components/ConfigRunRow';
import { RunningRunWatcher } from '@/components/RunningRunWatcher';
import { restoreLabels } from '@/components/restoreLabels';
import { requirePageSession } from '@/lib/auth/require-session';
import { localizeEvents, localizeRun } from '@/lib/config-run/localize-run';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { listRuns } from '@/lib/config-run/reconcile';
import { MAX_KEPT_RUNS } from '@/lib/config-run/run-store';
import { readConsoleEnv } from '@/lib/env';
import { listHistory } from '@/lib/history/versions';
import { waysBack } from '@/lib/history/way-back';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';

/** The kept configuration runs, newest first, each with its events. Rendered on the server: no page JS. */
export default async function ConfigRunsPage({ params }: PageProps<'/[locale]/settings/runs'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, getPathname({ href: '/settings/runs', locale }));
  const t = await getTranslations('ConfigRunsPage');
  const { lookup } = await serverTranslator();
  const env = readConsoleEnv();
  const runs = await listRuns(env);
  const running = runs.find((run) => run.state === 'running');
  // A history that cannot be read takes away the way back, not the runs.
  const kept = await listHistory(env).catch(() => []);
  const currentVersion = kept[0]?.version ?? 0;
  const ways = running ? new Map<string, number>() : waysBack(runs, kept.map((version) => version.version), currentVersion);
  const tHistory = await getTranslations('HistoryPage');
  const labels = restoreLabels(tHistory);
  const wayBackLabels = (version: number) => ({ ...labels(version), restore: tHistory('restoreBefore', { version }) });
  const runsHref = getPathname({ href: '/settings/runs', locale });
  return (
    <main id="content" className="console-main" tabIndex={-1}>
      <h1 id="runs-title">{t('title')}</h1>
      <p className="lead">{t('intro', { max: MAX_KEPT_RUNS })}</p>
      <AppliedConfigNote env={env} />
      {running ? <RunningRunWatcher runId={running.id} runsHref={runsHref} /> : null}
      {runs.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        // A named, focusable region so keyboard users can scroll the table sideways when it is wider than the screen.
        <div className="table-scroll" role="region" aria-labelledby="runs-title" tabIndex={0}>
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('source')}</th>
                <th scope="col">{t('result')}</th>
                <th scope="col">{t('duration')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <ConfigRunRow
                  key={run.id}
                  run={localizeRun(run, lookup)}
                  events={localizeEvents(run, lookup)}
                  wayBack={ways.has(run.id) ? { version: ways.get(run.id)!, expectedVersion: currentVersion, runsHref, labels: wayBackLabels(ways.get(run.id)!) } : null}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
