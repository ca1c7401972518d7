'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { postRunAction } from '@/lib/settings-api/run-actions-client';
import { RunCancelDialog } from './RunCancelDialog';

/** Cancel for a run in progress, after a confirmation; the run itself then reports how it stopped. */
export function RunCancelButton({ runId }: { runId: string }) {
  const t = useTranslations('StorageMove.actions');
  const locale = useLocale();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const button = useRef<HTMLButtonElement | null>(null);

  const close = () => {
    setAsking(false);
    button.current?.focus();
  };

  async function confirm() {
    setBusy(true);
    const result = await postRunAction(runId, 'cancel', locale);
    setBusy(false);
    close();
    const fallback = result.status === null ? t('networkError') : t('failed', { status: String(result.status) });
    setAnswer({ ok: result.ok, text: result.message ?? fallback });
  }

  return (
    <div className="run-actions">
      <button ref={button} type="button" className="btn btn--danger" disabled={busy || answer?.ok === true} onClick={() => setAsking(true)}>
        {t('cancel')}
      </button>
      {asking ? <RunCancelDialog busy={busy} onConfirm={confirm} onClose={close} /> : null}
      {answer ? (
        <p role={answer.ok ? 'status' : 'alert'} className={answer.ok ? 'note note--info' : 'field-error'}>
          {answer.text}
        </p>
      ) : null}
    </div>
  );
}
