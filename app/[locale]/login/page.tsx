import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { AuthNotice } from '@/components/AuthNotice';
import { LoginForm } from '@/components/LoginForm';
import { readLockoutStatus, retryAfterSeconds } from '@/lib/auth/lockout';
import { readPasswordRecord } from '@/lib/auth/password-store';
import { currentSession } from '@/lib/auth/require-session';
import { safeReturnPath } from '@/lib/auth/return-path';
import { clientKey } from '@/lib/http/ip-address';
import { clientAddress } from '@/lib/http/request-origin';
import { isLocale } from '@/lib/i18n/routing';

export async function generateMetadata({ params }: PageProps<'/[locale]/login'>): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale: isLocale(locale) ? locale : 'en', namespace: 'LoginPage' });
  return { title: t('metaTitle') };
}

/** Public. `next` is where to return after signing in (checked: only a console path). */
export default async function LoginPage({ params, searchParams }: PageProps<'/[locale]/login'>) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  await connection();
  const query = await searchParams;
  const returnTo = safeReturnPath(typeof query.next === 'string' ? query.next : undefined, locale);
  if ((await currentSession()).status === 'valid') redirect(returnTo);

  const t = await getTranslations('LoginPage');
  const tErrors = await getTranslations('AuthErrors');
  const passwordSet = await readPasswordRecord().then(Boolean, () => true); // a broken file is reported on submit
  const lockout = await readLockoutStatus(clientKey(clientAddress({ headers: await headers() })));
  const locked = lockout.locked ? tErrors('locked', { minutes: Math.ceil(retryAfterSeconds(lockout) / 60) }) : null;
  const reason = query.reason === 'expired' || query.reason === 'signedOut' ? query.reason : null;

  return (
    <main id="content" className="auth-page" tabIndex={-1}>
      <div className="box auth-box">
        <h1>{t('title')}</h1>
        {reason ? <AuthNotice tone="success">{t(reason)}</AuthNotice> : null}
        {passwordSet ? (
          <>
            <p className="lead">{t('intro')}</p>
            <LoginForm returnTo={returnTo} initialError={locked} />
          </>
        ) : (
          <AuthNotice tone="warn">{t('notSetUp')}</AuthNotice>
        )}
      </div>
    </main>
  );
}
