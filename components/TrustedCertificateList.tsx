'use client';

import { useTranslations } from 'next-intl';
import type { CaCertificateSummary } from '@/lib/network/ca-bundle';

/** The saved trusted CAs as the server read them: who, issued by whom, how long, and the fingerprint to compare. */
export function TrustedCertificateList({ certificates }: { certificates: readonly CaCertificateSummary[] }) {
  const t = useTranslations('TrustedCertificateList');
  return (
    <>
      {t('title', { count: certificates.length })}
      <ul className="certificate-list">
        {certificates.map((certificate) => (
          <li key={certificate.fingerprint}>
            <strong>{certificate.subject}</strong>
            <br />
            {t('issuer', { issuer: certificate.issuer })}
            <br />
            {t('validity', { from: new Date(certificate.validFrom), to: new Date(certificate.validTo) })}
            <br />
            {t('fingerprint')} <code className="fingerprint">{certificate.fingerprint}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
