import { getTranslations } from 'next-intl/server';
import { readConsoleEnv } from '@/lib/env';
import { MetricsTokenFileError, metricsTokenStatus, type MetricsTokenStatus } from '@/lib/metrics/metrics-token';
import { MetricsTokenPanel, type MetricsTokenLabels } from './MetricsTokenPanel';

/** The Prometheus metrics token on the Storage health page: its id and age, and create, rotate, revoke. */
export async function MetricsTokenSection() {
  const t = await getTranslations('MetricsToken');
  let status: MetricsTokenStatus | null = null;
  let problem = '';
  try {
    status = await metricsTokenStatus(readConsoleEnv());
  } catch (error) {
    if (!(error instanceof MetricsTokenFileError)) throw error;
    problem = t('errors.metricsTokenFileUnusable', { path: error.path });
  }
  const keys = ['none', 'create', 'rotate', 'revoke', 'working', 'confirmRotate', 'confirmRevoke', 'tokenLabel', 'shownOnce', 'copy', 'copied', 'failed'] as const;
  const labels = Object.fromEntries(keys.map((key) => [key, t(key)])) as MetricsTokenLabels;
  // Translated here with the placeholders themselves as values, filled in the browser: the panel says which token it made or revoked.
  const id = '{id}';
  const templates = { current: t('current', { id, time: '{time}' }), created: t('created', { id }), rotated: t('rotated', { id }), revoked: t('revoked', { id }) };
  return (
    <section aria-labelledby="metrics-token-title">
      <h2 id="metrics-token-title">{t('title')}</h2>
      <p>{t('intro')}</p>
      <MetricsTokenPanel initial={status} labels={labels} templates={templates} problem={problem} />
    </section>
  );
}
