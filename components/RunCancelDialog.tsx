'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from './ConfirmDialog';

/** Asks before cancelling a run; "Keep it running" has the focus first. */
export function RunCancelDialog({ busy, onConfirm, onClose }: { busy: boolean; onConfirm: () => void; onClose: () => void }) {
  const t = useTranslations('StorageMove.actions');
  return (
    <ConfirmDialog
      heading="h2"
      title={t('confirmTitle')}
      text={t('confirmText')}
      keepLabel={t('keepRunning')}
      confirmLabel={t('cancel')}
      busyLabel={t('cancelling')}
      busy={busy}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
