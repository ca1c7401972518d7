import { getTranslations } from 'next-intl/server';

/** Two kept versions to compare: a plain GET form, so comparing needs no script. */
export async function HistoryCompareForm({ versions, from, to }: { versions: number[]; from: number; to: number }) {
  const t = await getTranslations('HistoryPage');
  const options = versions.map((version) => (
    <option key={version} value={version}>
      {t('version')} {version}
    </option>
  ));
  return (
    <section aria-labelledby="history-compare-title">
      <h2 id="history-compare-title">{t('compareTitle')}</h2>
      <form method="get" className="history-compare">
      <label>
        {t('compareFrom')}
        <select name="from" defaultValue={String(from)}>
          {options}
        </select>
      </label>
      <label>
        {t('compareTo')}
        <select name="to" defaultValue={String(to)}>
          {options}
        </select>
      </label>
      <button type="submit" className="btn">
        {t('compareButton')}
      </button>
      </form>
    </section>
  );
}
