import { setRequestLocale } from 'next-intl/server';
import { connection } from 'next/server';
import { PackagesIntro } from '@/components/PackagesIntro';
import { PackagesSettingsForm } from '@/components/PackagesSettingsForm';
import { SettingsUnreadable } from '@/components/SettingsUnreadable';
import { loadPublicSettings } from '@/lib/settings/load-public-settings';

export default async function PackagesSettingsPage({ params }: PageProps<'/[locale]/settings/packages'>) {
  const { locale } = await params;
  setRequestLocale(locale);
  await connection();
  const loaded = await loadPublicSettings();
  if (!loaded.ok) return <SettingsUnreadable path={loaded.path} />;
  return (
    <PackagesSettingsForm initial={loaded.snapshot}>
      <PackagesIntro />
    </PackagesSettingsForm>
  );
}
