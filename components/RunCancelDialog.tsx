'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef } from 'react';

/**
 * Asks before cancelling a run: the browser's modal dialog (focus kept inside, Escape closes it).
 * "Keep it running" has the focus first, so Enter on an unexpected dialog cancels nothing.
 */
export function RunCancelDialog({ busy, onConfirm, onClose }: { busy: boolean; onConfirm: () => void; onClose: () => void }) {
  const t = useTranslations('StorageMove.actions');
  const dialog = useRef<HTMLDialogElement | null>(null);
  const keep = useRef<HTMLButtonElement | null>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    keep.current?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        // Escape: closed by the button's owner (which puts the focus back), not by the browser behind its back.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={`${id}-title`} className="confirm-dialog__title">
        {t('confirmTitle')}
      </h2>
      <p id={`${id}-text`}>{t('confirmText')}</p>
      <div className="confirm-dialog__actions">
        <button ref={keep} type="button" className="btn" disabled={busy} onClick={onClose}>
          {t('keepRunning')}
        </button>
        <button type="button" className="btn btn--danger" disabled={busy} onClick={onConfirm}>
          {busy ? t('cancelling') : t('cancel')}
        </button>
      </div>
    </dialog>
  );
}
