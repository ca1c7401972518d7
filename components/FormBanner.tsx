'use client';

import { useTranslations } from 'next-intl';
import { SignInAgainLink } from './SignInAgainLink';
import type { Banner } from './usePackagesSettingsActions';

/** The live region exists from the first render so that a later message is announced. */
export function FormBanner({ banner }: { banner: Banner | null }) {
  const t = useTranslations('PackagesSettingsForm');
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
          {banner.signIn ? <SignInAgainLink className="btn btn--small" label={t('signInAgain')} /> : null}
        </div>
      ) : null}
    </div>
  );
}
