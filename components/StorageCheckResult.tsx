'use client';

import { useTranslations } from 'next-intl';
import { joinSentences } from '@/lib/i18n/sentences';
import type { LocalizedCheckResult } from '@/lib/settings-api/api-types';
import { PolicyBlock } from './PolicyBlock';
import { TextWithCode } from './TextWithCode';

const STATUS_KEYS = { pass: 'pass', fail: 'fail', 'not-run': 'notRun' } as const;

/** The outcome of a storage check: summary, problems, warnings, the seven permissions and the policy. */
export function StorageCheckResult({ check }: { check: LocalizedCheckResult }) {
  const t = useTranslations('StorageCheckPanel');
  return (
    <div className="storage-check__result">
      <h3 id="storage-check-title">{t('title')}</h3>
      <p className={check.ok ? 'flash flash--success' : 'flash flash--error'} role="status">
        {joinSentences(check.ok ? check.passedMessage : t('failed'), t('duration', { seconds: check.durationMs / 1000 }))}
      </p>
      {check.proxy ? <p>{t('viaProxy', { proxy: check.proxy })}</p> : null}
      {check.identity ? (
        <div>
          <h4>{t('identityTitle')}</h4>
          <p>{check.identity.summary}</p>
        </div>
      ) : null}
      {check.errors.length > 0 ? <IssueList title={t('errors')} issues={check.errors.map((issue) => issue.message)} /> : null}
      {check.errors.map((issue) => (issue.policy ? <PolicyBlock key={`policy-${issue.code}`} title={t('trustPolicyTitle')} policy={issue.policy} /> : null))}
      {check.warnings.length > 0 ? <IssueList title={t('warnings')} issues={check.warnings.map((issue) => issue.message)} /> : null}
      <table className="permission-table">
        <thead>
          <tr>
            <th scope="col">{t('permission')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('details')}</th>
          </tr>
        </thead>
        <tbody>
          {check.permissions.map((row) => (
            <tr key={row.permission} data-status={row.status}>
              <th scope="row">
                <code>{row.permission}</code>
              </th>
              <td>
                <span className={`status-label status-label--${row.status}`}>{t(STATUS_KEYS[row.status])}</span>
              </td>
              <td>{row.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {check.help ? <PolicyBlock title={check.help.title} policy={check.help.text} /> : null}
      {check.help?.related?.map((more) => <PolicyBlock key={more.title} title={more.title} policy={more.text} />)}
    </div>
  );
}

function IssueList({ title, issues }: { title: string; issues: string[] }) {
  return (
    <div>
      <h4>{title}</h4>
      <ul>
        {issues.map((text) => (
          <li key={text}>
            <TextWithCode text={text} />
          </li>
        ))}
      </ul>
    </div>
  );
}
