import { getTranslations } from 'next-intl/server';

export async function SettingsUnreadable({ path, code }: { path: string; code: 'settingsUnreadable' | 'settingsUndecryptable' }) {
  const t = await getTranslations('PackagesPage');
  return (
    <main id="content" className="console-main">
      <h1>{t('title')}</h1>
      <div className="flash flash--error" role="alert">
        <strong>{t('settingsUnreadableTitle')}</strong>
        <p>{t(code, { path })}</p>
      </div>
    </main>
  );
}
