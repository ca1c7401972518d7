'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { LocalizedRun } from '@/lib/config-run/localize-run';
import { MigrationDetails } from './MigrationDetails';
import { RunCancelButton } from './RunCancelButton';
import { SignInAgainLink } from './SignInAgainLink';

const STATE_CLASS = { pending: 'not-run', running: 'running', done: 'pass', failed: 'fail' } as const;

/**
 * A configuration run as it happens: progress bar, each phase's state, then the result. Follows the
 * run over server-sent events (EventSource reconnects by itself); loaded only once a run exists.
 */
export function ConfigRunProgress({
  runId,
  runsHref,
  initial,
  onFinished,
  onLost,
}: {
  runId: string;
  /** The runs page in this locale, from the server (next-intl's getPathname is not shipped to the browser). */
  runsHref: string;
  initial: LocalizedRun | null;
  onFinished: (run: LocalizedRun) => void;
  onLost?: () => void;
}) {
  const t = useTranslations('ConfigRunProgress');
  const locale = useLocale();
  const [run, setRun] = useState<LocalizedRun | null>(initial);
  const [reconnecting, setReconnecting] = useState(false);
  const [lost, setLost] = useState(false);
  const finished = useRef(onFinished);
  const lostRun = useRef(onLost);

  useEffect(() => {
    finished.current = onFinished;
    lostRun.current = onLost;
  }, [onFinished, onLost]);

  useEffect(() => {
    if (initial && !initial.running) {
      finished.current(initial);
      return;
    }
    const source = new EventSource(`/api/config/runs/${runId}/stream?locale=${locale}`);
    source.addEventListener('run', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as LocalizedRun;
      setRun(next);
      setReconnecting(false);
      if (!next.running) {
        source.close();
        finished.current(next);
      }
    });
    const giveUp = () => {
      source.close();
      setLost(true);
      lostRun.current?.();
    };
    source.addEventListener('gone', giveUp);
    // CLOSED means the browser will not retry (the server refused the stream, e.g. the session ended).
    source.onerror = () => (source.readyState === EventSource.CLOSED ? giveUp() : setReconnecting(true));
    return () => source.close();
  }, [runId, locale, initial]);

  return (
    <section className="box config-run" aria-labelledby="config-run-title" data-run-id={runId}>
      <h2 id="config-run-title">{t('title')}</h2>
      <progress className="config-run__bar" max={100} value={run?.progress ?? 0} aria-label={t('progressLabel')} />
      <p role="status" className="config-run__summary">
        {run ? run.summary : t('wait')}
      </p>
      {reconnecting && !lost && run?.running !== false ? <p className="note">{t('reconnecting')}</p> : null}
      {lost ? (
        <p className="flash flash--warn" role="alert">
          {t('lost')}{' '}
          <SignInAgainLink label={t('signInAgain')} />
        </p>
      ) : null}
      {run ? (
        <ol className="config-run__phases" aria-label={t('phasesLabel')}>
          {run.phases.map((phase) => (
            <li key={phase.name} data-state={phase.state}>
              <span className="config-run__phase">{phase.label}</span>{' '}
              <span className={`status-label status-label--${STATE_CLASS[phase.state]}`}>{phase.stateLabel}</span>
              {phase.error ? <p className="field-error">{phase.error.message}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {run?.migration ? <MigrationDetails migration={run.migration} state={run.state} /> : null}
      {run?.running && !lost ? <RunCancelButton runId={runId} /> : null}
      <a href={runsHref}>{t('viewRuns')}</a>
    </section>
  );
}
