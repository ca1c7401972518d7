import { getTranslations } from 'next-intl/server';
import type { HistoryVersion } from '@/lib/history/versions';
import { RestoreVersionButton, type RestoreLabels } from './RestoreVersionButton';
import { VersionChanges } from './VersionChanges';
import { utcTime } from './utcTime';

const RESULT_CLASS = { running: 'running', succeeded: 'pass', failed: 'fail' } as const;

interface Props {
  version: HistoryVersion;
  currentVersion: number;
  runsHref: string;
  restoreLabels: (version: number) => RestoreLabels;
}

/** One kept version: when and by whom, the run that wrote or applied it, what changed, and its restore. */
export async function HistoryVersionRow({ version, currentVersion, runsHref, restoreLabels }: Props) {
  const t = await getTranslations('HistoryPage');
  const tSources = await getTranslations('ConfigRun.sources');
  const actor = version.actor === 'console' || version.actor === 'api' || version.actor === 'cli' ? tSources(version.actor) : t('unknownActor');
  const caption = version.previous === null ? t('firstKept') : t('changesFrom', { version: version.previous });
  return (
    <tr data-version={version.version}>
      <th scope="row">
        {version.version}
        {version.current ? <span className="status-label status-label--running">{t('current')}</span> : null}{' '}
        {version.inForce ? <span className="status-label status-label--pass">{t('inForce')}</span> : null}
        {version.restoredFrom !== null ? <p>{t('restoredFrom', { version: version.restoredFrom })}</p> : null}
      </th>
      <td>
        {version.updatedAt ? <time dateTime={version.updatedAt}>{utcTime(version.updatedAt)}</time> : null}
        <br />
        {actor}
      </td>
      <td>
        {version.run ? (
          <>
            <a href={`${runsHref}#run-${version.run.id}`}>
              <code>{version.run.id}</code>
            </a>{' '}
            <span className={`status-label status-label--${RESULT_CLASS[version.run.state]}`}>{t('runState', { state: version.run.state })}</span>
          </>
        ) : (
          t('noRun')
        )}
      </td>
      <td>
        <VersionChanges changes={version.changes} caption={caption} />
      </td>
      <td>
        {version.current ? null : (
          <RestoreVersionButton version={version.version} expectedVersion={currentVersion} runsHref={runsHref} labels={restoreLabels(version.version)} />
        )}
      </td>
    </tr>
  );
}
