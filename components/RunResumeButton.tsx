'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { postRunAction } from '@/lib/settings-api/run-actions-client';

/** Resume for a failed storage move: starts a run that copies only what is still missing, then shows it. */
export function RunResumeButton({ runId }: { runId: string }) {
  const t = useTranslations('StorageMove.actions');
  const locale = useLocale();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resume() {
    setBusy(true);
    setError(null);
    const result = await postRunAction(runId, 'resume', locale);
    setBusy(false);
    // The new run is listed, and followed live, once the page is rendered again.
    if (result.ok) return router.refresh();
    setError(result.message ?? (result.status === null ? t('networkError') : t('failed', { status: String(result.status) })));
  }

  return (
    <div className="run-actions">
      <button type="button" className="btn" disabled={busy} onClick={resume}>
        {busy ? t('resuming') : t('resume')}
      </button>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
