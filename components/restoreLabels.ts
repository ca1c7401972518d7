import type { getTranslations } from 'next-intl/server';
import type { RestoreLabels } from './RestoreVersionButton';

type HistoryTranslator = Awaited<ReturnType<typeof getTranslations<'HistoryPage'>>>;

/** The restore button's words for one version, translated on the server (the button ships no messages). */
export function restoreLabels(t: HistoryTranslator): (version: number) => RestoreLabels {
  return (version) => ({
    restore: t('restore', { version }),
    restoring: t('restoring'),
    failed: t('restoreFailed'),
    confirmStorage: t('confirmStorage', { version }),
    confirmStorageCheck: t('confirmStorageCheck'),
    confirmStorageButton: t('confirmStorageButton'),
  });
}
