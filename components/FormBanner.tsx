'use client';

import { useLocale, useTranslations } from 'next-intl';
import { homePath, loginPath } from '@/lib/auth/return-path';
import { isLocale } from '@/lib/i18n/routing';
import type { Banner } from './usePackagesSettingsActions';

/** The live region exists from the first render so that a later message is announced. */
export function FormBanner({ banner }: { banner: Banner | null }) {
  const t = useTranslations('PackagesSettingsForm');
  const locale = useLocale();
  return (
    <div aria-live="polite" aria-atomic="true" className="banner-region">
      {banner ? (
        <div className={`flash flash--${banner.tone}`} role={banner.tone === 'error' ? 'alert' : 'status'}>
          <span>{banner.text}</span>
          {banner.reload ? (
            <button type="button" className="btn btn--small" onClick={() => window.location.reload()}>
              {t('reload')}
            </button>
          ) : null}
          {banner.signIn && isLocale(locale) ? (
            <a className="btn btn--small" href={loginPath(locale, homePath(locale), 'expired')} target="_blank" rel="noopener">
              {t('signInAgain')}
            </a>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
