'use client';

import { useTranslations } from 'next-intl';
import { utcTime } from './utcTime';

/** The credentials of one ecosystem, never their secrets: name, kind, creation time and a revoke button each. */
export function ServiceCredentialsTable({
  labelledBy,
  kindLabel,
  credentials,
  busy,
  onRevoke,
}: {
  labelledBy: string;
  kindLabel: string;
  credentials: { name: string; createdAt: string }[];
  busy: boolean;
  onRevoke: (name: string) => void;
}) {
  const t = useTranslations('ServiceCredentials');
  return (
    // Scrolls on its own at narrow widths instead of widening the page (WCAG 1.4.10).
    <div className="table-scroll">
      <table className="runs-table service-credentials__table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('columns.name')}</th>
            <th scope="col">{t('columns.kind')}</th>
            <th scope="col">{t('columns.created')}</th>
            <th scope="col">{t('columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((credential) => (
            <tr key={credential.name}>
              <th scope="row">
                <code>{credential.name}</code>
              </th>
              <td>{kindLabel}</td>
              <td>{utcTime(credential.createdAt)}</td>
              <td>
                <button type="button" className="btn btn--small btn--danger" data-revoke={credential.name} disabled={busy} aria-label={t('revokeLabel', { name: credential.name })} onClick={() => onRevoke(credential.name)}>
                  {t('revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
