import { setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { PackagesIntro } from '@/components/PackagesIntro';
import { PackagesSettingsForm } from '@/components/PackagesSettingsForm';
import { PendingApplyNote } from '@/components/PendingApplyNote';
import { SettingsUnreadable } from '@/components/SettingsUnreadable';
import { requirePageSession } from '@/lib/auth/require-session';
import { activeRunId } from '@/lib/config-run/reconcile';
import { readConsoleEnv } from '@/lib/env';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';
import { loadPublicSettings } from '@/lib/settings-api/load-public-settings';

export default async function PackagesSettingsPage({ params }: PageProps<'/[locale]/settings/packages'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  await requirePageSession(locale, getPathname({ href: '/settings/packages', locale }));
  const loaded = await loadPublicSettings();
  if (!loaded.ok) return <SettingsUnreadable path={loaded.path} code={loaded.code} />;
  const env = readConsoleEnv();
  const running = await activeRunId(env);
  return (
    <PackagesSettingsForm initial={loaded.snapshot} activeRunId={running} runsHref={getPathname({ href: '/settings/runs', locale })}>
      <PackagesIntro savedType={loaded.snapshot.packages.storageType} />
      {running ? null : <PendingApplyNote env={env} savedVersion={loaded.snapshot.version} />}
    </PackagesSettingsForm>
  );
}
