'use client';

import { useTranslations } from 'next-intl';
import { lazy, Suspense } from 'react';
import type { LocalizedCheckResult } from '@/lib/settings-api/api-types';

// Results appear only after a check has run, so their code is not part of the page's first load.
const StorageCheckResult = lazy(() => import('./StorageCheckResult').then((module) => ({ default: module.StorageCheckResult })));

/** The Test storage settings button and, once a check ran, the table of the seven permissions it proves. */
export function StorageCheckPanel({ check, testing, onTest }: { check: LocalizedCheckResult | null; testing: boolean; onTest: () => void }) {
  const t = useTranslations('StorageCheckPanel');
  return (
    <section className="storage-check" aria-labelledby="storage-check-title">
      <button type="button" className="btn" onClick={onTest} disabled={testing} aria-busy={testing || undefined}>
        {testing ? t('testing') : t('test')}
      </button>
      <div aria-live="polite">
        {check ? (
          <Suspense fallback={<h3 id="storage-check-title" className="visually-hidden">{t('title')}</h3>}>
            <StorageCheckResult check={check} />
          </Suspense>
        ) : (
          <h3 id="storage-check-title" className="visually-hidden">
            {t('title')}
          </h3>
        )}
      </div>
    </section>
  );
}
