'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef } from 'react';

/**
 * Asks before revoking, naming the credential: a modal dialog (the browser's own, so the focus stays in
 * it and Escape cancels). Cancel has the focus first: Enter on an unexpected dialog revokes nothing.
 */
export function ServiceCredentialRevokeDialog({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useTranslations('ServiceCredentials');
  const dialog = useRef<HTMLDialogElement | null>(null);
  const cancel = useRef<HTMLButtonElement | null>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        // Escape: closed by the panel (which puts the focus back), not by the browser behind its back.
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h4 id={`${id}-title`} className="confirm-dialog__title">
        {t('confirmTitle', { name })}
      </h4>
      <p id={`${id}-text`}>{t('confirmText', { name })}</p>
      <div className="confirm-dialog__actions">
        <button ref={cancel} type="button" className="btn" disabled={busy} onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" className="btn btn--danger" disabled={busy} onClick={onConfirm}>
          {busy ? t('revoking') : t('confirmRevoke', { name })}
        </button>
      </div>
    </dialog>
  );
}
