import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AuthNotice } from '@/components/AuthNotice';
import { SetupForm } from '@/components/SetupForm';
import { TextWithCode } from '@/components/TextWithCode';
import { readPasswordRecord } from '@/lib/auth/password-store';
import { isValidSetupToken } from '@/lib/auth/setup-token';
import { readConsoleEnv } from '@/lib/env';
import { getPathname } from '@/lib/i18n/navigation';
import { isLocale } from '@/lib/i18n/routing';
import { sentenceGap } from '@/lib/i18n/sentences';

export async function generateMetadata({ params }: PageProps<'/[locale]/setup'>): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale: isLocale(locale) ? locale : 'en', namespace: 'SetupPage' });
  return { title: t('metaTitle') };
}

/** Public, but only useful with the one-time token from the server log, and only until a password exists. */
export default async function SetupPage({ params, searchParams }: PageProps<'/[locale]/setup'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  const t = await getTranslations('SetupPage');
  const env = readConsoleEnv();
  const passwordSet = await readPasswordRecord(env).then(Boolean, () => true);
  const { token } = await searchParams;
  const tokenValid = !passwordSet && (await isValidSetupToken(token, env));

  return (
    <main id="content" className="auth-page" tabIndex={-1}>
      <div className="box auth-box">
        <h1>{t('title')}</h1>
        {passwordSet ? (
          <AuthNotice tone="success">
            {t('alreadySetUp')}
            {sentenceGap(t('alreadySetUp'))}
            <a href={getPathname({ href: '/login', locale })}>{t('signIn')}</a>
          </AuthNotice>
        ) : tokenValid ? (
          <>
            <p className="lead">{t('intro')}</p>
            <SetupForm />
            <p className="note">
              <TextWithCode text={t('recovery')} />
            </p>
          </>
        ) : (
          <AuthNotice tone="error">{t('tokenInvalid')}</AuthNotice>
        )}
      </div>
    </main>
  );
}
