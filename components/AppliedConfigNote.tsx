import { getTranslations } from 'next-intl/server';
import { appliedConfigPath, readAppliedConfig } from '@/lib/config-run/applied-config';
import type { ConsoleEnv } from '@/lib/env';
import { utcTime } from './utcTime';

/** Which settings version the packages service uses now, from the applied configuration file itself. */
export async function AppliedConfigNote({ env }: { env: ConsoleEnv }) {
  const t = await getTranslations('ConfigRunsPage');
  let text: string;
  let tone = 'flash--success';
  try {
    const applied = await readAppliedConfig(env);
    if (applied) text = t('applied', { version: applied.settings_version, id: applied.run_id, time: utcTime(applied.applied_at) });
    else {
      text = t('noneApplied');
      tone = 'flash--warn';
    }
  } catch {
    text = t('appliedUnreadable', { path: appliedConfigPath(env) });
    tone = 'flash--error';
  }
  return <p className={`flash ${tone}`}>{text}</p>;
}
