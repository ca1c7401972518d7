import { getTranslations } from 'next-intl/server';

/** The end of a service's log (redacted when it was written), folded away until asked for. */
export async function ServiceLogDetails({ lines }: { lines: string[] }) {
  const t = await getTranslations('ServicesPage');
  return (
    <details className="service-log">
      <summary>{t('logSummary', { count: lines.length })}</summary>
      <p>{t('logNote')}</p>
      {lines.length === 0 ? (
        <p>{t('logEmpty')}</p>
      ) : (
        // Focusable so a keyboard user can scroll a long log (axe: scrollable-region-focusable).
        <pre className="service-log__lines" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      )}
    </details>
  );
}
