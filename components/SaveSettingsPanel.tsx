'use client';

import { useTranslations } from 'next-intl';

/** Sits under the sidebar, as in the Management Console; submits the form by its id. */
export function SaveSettingsPanel({ formId, saving, running, ready }: { formId: string; saving: boolean; running: boolean; ready: boolean }) {
  const t = useTranslations('SaveSettingsPanel');
  const tRun = useTranslations('ConfigRunProgress');
  return (
    <aside className="save-panel" aria-labelledby="save-settings-note">
      <button type="submit" form={formId} className="btn btn--primary btn--block" disabled={saving || running || !ready} aria-describedby="save-settings-note">
        {saving ? t('saving') : t('save')}
      </button>
      <p id="save-settings-note" className="note">
        {running ? tRun('wait') : t('note')}
      </p>
    </aside>
  );
}
