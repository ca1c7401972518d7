import { getTranslations } from 'next-intl/server';
import type { KeyChange } from '@/lib/history/diff';

/** What changed between two versions, key by key; a secret says only whether it changed. */
export async function VersionChanges({ changes, caption }: { changes: KeyChange[]; caption: string }) {
  const t = await getTranslations('HistoryPage');
  if (changes.length === 0) return <p>{`${caption} ${t('noChanges')}`}</p>;
  const shown = (value: string) => (value === '' ? <em>{t('blank')}</em> : <code>{value}</code>);
  return (
    <table className="runs-table history-changes">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('key')}</th>
          <th scope="col">{t('before')}</th>
          <th scope="col">{t('after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.key} data-key={change.key}>
            <th scope="row">
              <code>{change.key}</code>
            </th>
            {change.secret ? (
              <td colSpan={2}>{t(change.change === 'changed' ? 'secretChanged' : 'secretUnchanged')}</td>
            ) : (
              <>
                <td>{shown(change.from)}</td>
                <td>{shown(change.to)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
