'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useRef, useState } from 'react';

/** The secret just made, in a read-only field that takes the focus, with a copy button: shown this once, never again after a reload. */
export function ServiceCredentialReveal({ id, label, secret }: { id: string; label: string; secret: string }) {
  const t = useTranslations('ServiceCredentials');
  const field = useRef<HTMLInputElement | null>(null);
  const [copied, setCopied] = useState('');
  // Focused as it appears, so keyboard and screen reader users land on the secret to copy.
  const attach = useCallback((input: HTMLInputElement | null) => {
    field.current = input;
    input?.focus();
    input?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('copied'));
    } catch {
      // No clipboard (plain http, denied): the secret is selected, ready for the keyboard's copy.
      field.current?.focus();
      field.current?.select();
    }
  };
  return (
    <div className="metrics-token__reveal service-credentials__reveal">
      <label htmlFor={id}>{label}</label>
      <input ref={attach} id={id} className="form-control" readOnly value={secret} aria-describedby={`${id}-once`} spellCheck={false} autoComplete="off" />
      <p id={`${id}-once`}>{t('shownOnce')}</p>
      <button type="button" className="btn btn--small" onClick={copy}>
        {t('copy')}
      </button>
      <span role="status" className="metrics-token__copied">
        {copied}
      </span>
    </div>
  );
}
