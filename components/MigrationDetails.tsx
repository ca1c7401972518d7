import { useLocale, useTranslations } from 'next-intl';
import type { LocalizedMigration } from '@/lib/config-run/localize-migration';
import type { RunState } from '@/lib/config-run/types';
import { copyProgressView } from '@/lib/i18n/copy-progress';
import { InventoryTable } from './InventoryTable';

/**
 * A run that moves the packages: from where to where, what it found, how far the copy is (live while
 * the run is followed), what failed, and after a switch where the old copy still is.
 */
export function MigrationDetails({ migration, state, headingLevel = 3 }: { migration: LocalizedMigration; state: RunState; headingLevel?: 2 | 3 }) {
  const t = useTranslations('StorageMove.run');
  const locale = useLocale();
  const Heading = `h${headingLevel}` as const;
  const progress = state === 'running' && migration.progress ? migration.progress : null;
  const view = progress ? copyProgressView(progress, locale) : null;
  const more = migration.failureCount - migration.failures.length;
  return (
    <div className="storage-move" data-migration-state={state}>
      <Heading>{t('title')}</Heading>
      <p>{t('fromTo', { from: migration.from, to: migration.to })}</p>
      {migration.ecosystems.length > 0 ? <InventoryTable caption={t('caption')} rows={migration.ecosystems} total={migration.total} /> : null}
      {progress && view ? (
        <>
          <div
            className="move-bar"
            role="progressbar"
            aria-label={t(`progressLabel.${progress.phase}`)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={view.percent}
            aria-valuetext={`${view.percent}%`}
          >
            <div className="move-bar__fill" style={{ width: `${view.percent}%` }} />
          </div>
          <p className="note note--info">
            {t('progress', { objectsDone: progress.objectsDone, objectsTotal: progress.objectsTotal, bytesDone: view.bytesDone, bytesTotal: view.bytesTotal, percent: view.percent })}{' '}
            {view.timeLeft ? t('rateLeft', { rate: view.rate, timeLeft: view.timeLeft }) : t('rate', { rate: view.rate })}
          </p>
        </>
      ) : null}
      <p className="note note--info">{t('counts', { copied: migration.copied, skipped: migration.skipped, verified: migration.verified })}</p>
      {migration.failures.length > 0 ? (
        <>
          <Heading>{t('failuresTitle')}</Heading>
          <ul className="move-failures">
            {migration.failures.map((failure) => (
              <li key={failure.key}>
                <code>{failure.key}</code> {failure.message}
              </li>
            ))}
            {more > 0 ? <li>{t('moreFailures', { count: more })}</li> : null}
          </ul>
        </>
      ) : null}
      {state === 'succeeded' ? <p className="flash flash--success">{t('oldCopyKept', { from: migration.from })}</p> : null}
    </div>
  );
}
