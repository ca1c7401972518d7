'use client';

import { useCallback, useRef, useState } from 'react';

export interface SecretRevealLabels {
  /** The field's label: what the secret is. */
  label: string;
  shownOnce: string;
  copy: string;
  copied: string;
}

/**
 * A secret just made (a metrics token, a service credential), in a read-only field that takes the focus,
 * with a copy button: shown this once, never again after a reload.
 */
export function SecretReveal({ id, secret, labels, className = '' }: { id: string; secret: string; labels: SecretRevealLabels; className?: string }) {
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
      setCopied(labels.copied);
    } catch {
      // No clipboard (plain http, denied): the secret is selected, ready for the keyboard's copy.
      field.current?.focus();
      field.current?.select();
    }
  };
  return (
    <div className={`metrics-token__reveal ${className}`.trim()}>
      <label htmlFor={id}>{labels.label}</label>
      <input ref={attach} id={id} className="form-control" readOnly value={secret} aria-describedby={`${id}-once`} spellCheck={false} autoComplete="off" />
      <p id={`${id}-once`}>{labels.shownOnce}</p>
      <button type="button" className="btn btn--small" onClick={copy}>
        {labels.copy}
      </button>
      <span role="status" className="metrics-token__copied">
        {copied}
      </span>
    </div>
  );
}
