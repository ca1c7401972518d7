import { getTranslations } from 'next-intl/server';
import { readAppliedConfig } from '@/lib/config-run/applied-config';
import type { ConsoleEnv } from '@/lib/env';

/**
 * Says so when the saved settings are not the ones in force (a run failed after writing them, or they
 * were set with `cli config set`): the form shows what is saved, not necessarily what is used.
 */
export async function PendingApplyNote({ env, savedVersion }: { env: ConsoleEnv; savedVersion: number }) {
  if (savedVersion === 0) return null;
  const applied = await readAppliedConfig(env).catch(() => null);
  if (applied?.settings_version === savedVersion) return null;
  const t = await getTranslations('ConfigRunsPage');
  const text = applied ? t('notApplied', { saved: savedVersion, applied: applied.settings_version }) : t('neverApplied');
  return <p className="flash flash--warn">{text}</p>;
}
