import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppliedConfigNote } from '@/components/AppliedConfigNote';
import { ConfigRunRow } from '@/components/ConfigRunRow';
import { RunningRunWatcher } from '@/components/RunningRunWatcher';
import { requirePageSession } from '@/lib/auth/require-session';
import { localizeEvents, localizeRun } from '@/lib/config-run/localize-run';
import { lookupFrom } from '@/lib/i18n/lookup';
import { listRuns } from '@/lib/config-run/reconcile';
import { MAX_KEPT_RUNS } from '@/lib/config-run/run-store';
import { readConsoleEnv } from '@/lib/env';
import { isLocale } from '@/lib/i18n/routing';

/** The kept configuration runs, newest first, each with its events. Rendered on the server: no page JS. */
export default async function ConfigRunsPage({ params }: PageProps<'/[locale]/settings/runs'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, `/${locale}/settings/runs`);
  const t = await getTranslations('ConfigRunsPage');
  const lookup = lookupFrom(await getTranslations(), locale);
  const env = readConsoleEnv();
  const runs = await listRuns(env);
  const running = runs.find((run) => run.state === 'running');
  return (
    <main id="content" className="console-main" tabIndex={-1}>
      <h1 id="runs-title">{t('title')}</h1>
      <p className="lead">{t('intro', { max: MAX_KEPT_RUNS })}</p>
      <AppliedConfigNote env={env} />
      {running ? <RunningRunWatcher runId={running.id} /> : null}
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
                <ConfigRunRow key={run.id} run={localizeRun(run, lookup)} events={localizeEvents(run, lookup)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
