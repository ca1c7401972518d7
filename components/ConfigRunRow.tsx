import type { ComponentProps } from 'react';
import { getTranslations } from 'next-intl/server';
import type { LocalizedEvent, LocalizedRun } from '@/lib/config-run/localize-run';
import { MigrationDetails } from './MigrationDetails';
import { RestoreVersionButton } from './RestoreVersionButton';
import { RunResumeButton } from './RunResumeButton';
import { utcTime } from './utcTime';

const RESULT_CLASS = { running: 'running', succeeded: 'pass', failed: 'fail' } as const;

/** One run in the runs table: when, from where, the result with each phase, its events on demand, and after a failure the way back. */
export async function ConfigRunRow({ run, events, wayBack = null }: { run: LocalizedRun; events: LocalizedEvent[]; wayBack?: ComponentProps<typeof RestoreVersionButton> | null }) {
  const t = await getTranslations('ConfigRunsPage');
  const seconds = run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000 : null;
  return (
    <tr id={`run-${run.id}`} data-run-id={run.id} data-state={run.state}>
      <td>
        <time dateTime={run.createdAt}>{utcTime(run.createdAt)}</time>
        <br />
        <code>{run.id}</code>
      </td>
      <td>{run.sourceLabel}</td>
      <td>
        <span className={`status-label status-label--${RESULT_CLASS[run.state]}`}>
          {run.running ? t('inProgress') : run.phases.find((phase) => phase.state === 'failed')?.stateLabel ?? run.phases[4]?.stateLabel}
        </span>{' '}
        {run.summary}
        {wayBack ? <RestoreVersionButton {...wayBack} /> : null}
        {run.migration ? <MigrationDetails migration={run.migration} state={run.state} headingLevel={2} /> : null}
        {run.migration && run.state === 'failed' ? <RunResumeButton runId={run.id} /> : null}
        <details className="run-events">
          <summary>{t('events', { count: events.length })}</summary>
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('severity')}</th>
                <th scope="col">{t('message')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.seq}>
                  <td>{utcTime(event.timestamp)}</td>
                  <td>{t(`severities.${event.severity}`)}</td>
                  <td>{event.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </td>
      <td>{seconds === null ? '' : t('seconds', { seconds })}</td>
    </tr>
  );
}
