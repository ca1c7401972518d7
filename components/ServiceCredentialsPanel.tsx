'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { CredentialKind } from '@/lib/services/ecosystem';
import { ServiceCredentialAddForm, type AddedCredential } from './ServiceCredentialAddForm';
import { SecretReveal } from './SecretReveal';
import { ServiceCredentialRevokeDialog } from './ServiceCredentialRevokeDialog';
import { ServiceCredentialsTable } from './ServiceCredentialsTable';
import { credentialsRequest } from './serviceCredentialsRequest';

interface Summary {
  name: string;
  createdAt: string;
}

/**
 * One ecosystem's credentials: the list, the add form, the new secret shown once, and revoke behind a
 * confirmation dialog. Each outcome, with what the running service did, is read out by a live region.
 */
export function ServiceCredentialsPanel({ ecosystem, kind, initial, problem }: { ecosystem: string; kind: CredentialKind; initial: Summary[]; problem: string }) {
  const t = useTranslations('ServiceCredentials');
  const locale = useLocale();
  const [credentials, setCredentials] = useState(initial);
  const [revealed, setRevealed] = useState<{ name: string; secret: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState(problem);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const panel = useRef<HTMLDivElement | null>(null);
  // Where the focus goes once the dialog has closed: nothing outside a modal dialog takes it before.
  const focusAfterDialog = useRef<(() => void) | null>(null);
  const headingId = `credentials-${ecosystem}`;

  const added = (credential: AddedCredential) => {
    setCredentials((list) => [...list.filter((each) => each.name !== credential.name), { name: credential.name, createdAt: credential.createdAt }]);
    setRevealed({ name: credential.name, secret: credential.secret });
    setNotice(`${t('created', { name: credential.name })} ${credential.inForceMessage}`);
    setError('');
  };

  const revoke = async (name: string) => {
    setBusy(true);
    setNotice('');
    setError('');
    const result = await credentialsRequest(ecosystem, 'DELETE', name, locale);
    setBusy(false);
    // The revoke button is gone with its row (or the admin reads the error): the focus goes to the top of the list.
    focusAfterDialog.current = () => heading.current?.focus();
    setConfirming(null);
    if (result.ok) {
      setCredentials((list) => list.filter((each) => each.name !== name));
      if (revealed?.name === name) setRevealed(null);
      setNotice(`${t('revoked', { name })} ${result.body.inForceMessage}`);
    } else {
      setError(result.message ?? t('failed'));
    }
  };

  const cancel = (name: string) => {
    // Back on the button that opened the dialog.
    focusAfterDialog.current = () => panel.current?.querySelector<HTMLButtonElement>(`button[data-revoke="${CSS.escape(name)}"]`)?.focus();
    setConfirming(null);
  };

  useEffect(() => {
    if (confirming !== null || !focusAfterDialog.current) return;
    focusAfterDialog.current();
    focusAfterDialog.current = null;
  }, [confirming]);

  return (
    <div className="service-credentials" ref={panel}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {t('title')}
      </h3>
      <p>{t('intro')}</p>
      {credentials.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ServiceCredentialsTable labelledBy={headingId} kindLabel={t(`kinds.${kind}`)} credentials={credentials} busy={busy} onRevoke={setConfirming} />
      )}
      <p className="service-credentials__notice" role="status">
        {notice}
      </p>
      <p className="service-credentials__error" role="alert">
        {error}
      </p>
      {revealed ? (
        <SecretReveal
          key={revealed.name}
          id={`${ecosystem}-secret`}
          className="service-credentials__reveal"
          secret={revealed.secret}
          labels={{ label: t(`secretOf.${kind}`, { name: revealed.name }), shownOnce: t('shownOnce'), copy: t('copy'), copied: t('copied') }}
        />
      ) : null}
      <ServiceCredentialAddForm ecosystem={ecosystem} locale={locale} onAdded={added} />
      {confirming === null ? null : <ServiceCredentialRevokeDialog name={confirming} busy={busy} onConfirm={() => revoke(confirming)} onCancel={() => cancel(confirming)} />}
    </div>
  );
}
