import { getTranslations } from 'next-intl/server';
import { operationLabel, stateLabel } from '@/lib/health/describe-health';
import { HEALTH_OPERATIONS, type HealthRecord } from '@/lib/health/types';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { utcTime } from './utcTime';

/** The chart's text alternative: the same checks as a table, newest first, latency per operation. */
export async function HealthHistoryTable({ records }: { records: HealthRecord[] }) {
  const { lookup } = await serverTranslator();
  const t = await getTranslations('StorageHealthPage');
  const cell = (record: HealthRecord, operation: (typeof HEALTH_OPERATIONS)[number]) => {
    const outcome = record.operations.find((each) => each.operation === operation);
    if (!outcome) return '';
    if (outcome.status === 'fail') return `${t('failed')} (${outcome.code ?? ''})`;
    if (outcome.status === 'not-run') return t('notRun');
    return String(outcome.latencyMs ?? '');
  };
  return (
    <div className="table-scroll" role="region" aria-labelledby="health-table-caption" tabIndex={0}>
      <table className="runs-table health-table">
        <caption id="health-table-caption">{t('tableCaption', { count: records.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('state')}</th>
            {HEALTH_OPERATIONS.map((operation) => (
              <th scope="col" key={operation}>
                {operationLabel(operation, lookup)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...records].reverse().map((record) => (
            <tr key={record.checkedAt} data-state={record.state}>
              <th scope="row">
                <time dateTime={record.checkedAt}>{utcTime(record.checkedAt)}</time>
              </th>
              <td>{stateLabel(record.state, lookup)}</td>
              {HEALTH_OPERATIONS.map((operation) => (
                <td key={operation}>{cell(record, operation)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
