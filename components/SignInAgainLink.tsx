'use client';

import { useLocale } from 'next-intl';
import { homePath, loginPath } from '@/lib/auth/return-path';
import { isLocale } from '@/lib/i18n/routing';

/** Sign-in in a new tab, so this page (and what was typed in it) survives a session that ended. */
export function SignInAgainLink({ label, className }: { label: string; className?: string }) {
  const locale = useLocale();
  if (!isLocale(locale)) return null;
  return (
    <a className={className} href={loginPath(locale, homePath(locale), 'expired')} target="_blank" rel="noopener">
      {label}
    </a>
  );
}
