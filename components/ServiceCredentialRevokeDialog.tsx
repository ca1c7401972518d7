'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from './ConfirmDialog';

/** Asks before revoking, naming the credential; Cancel has the focus first. */
export function ServiceCredentialRevokeDialog({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useTranslations('ServiceCredentials');
  return (
    <ConfirmDialog
      heading="h4"
      title={t('confirmTitle', { name })}
      text={t('confirmText', { name })}
      keepLabel={t('cancel')}
      confirmLabel={t('confirmRevoke', { name })}
      busyLabel={t('revoking')}
      busy={busy}
      onConfirm={onConfirm}
      onClose={onCancel}
    />
  );
}
