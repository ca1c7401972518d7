'use client';

import { useCallback, useRef, useState } from 'react';
import type { MetricsTokenLabels } from './MetricsTokenPanel';

/** The token just made, in a read-only field that takes the focus, with a copy button: shown this once. */
export function MetricsTokenReveal({ token, labels }: { token: string; labels: MetricsTokenLabels }) {
  const field = useRef<HTMLInputElement | null>(null);
  const [copied, setCopied] = useState('');
  // Focused as it appears, so keyboard and screen reader users land on the token to copy.
  const attach = useCallback((input: HTMLInputElement | null) => {
    field.current = input;
    input?.focus();
    input?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(labels.copied);
    } catch {
      // No clipboard (plain http, denied): the token is selected, ready for the keyboard's copy.
      field.current?.focus();
      field.current?.select();
    }
  };
  return (
    <div className="metrics-token__reveal">
      <label htmlFor="metrics-token-value">{labels.tokenLabel}</label>
      <input ref={attach} id="metrics-token-value" className="form-control" readOnly value={token} aria-describedby="metrics-token-once" spellCheck={false} autoComplete="off" />
      <p id="metrics-token-once">{labels.shownOnce}</p>
      <button type="button" className="btn btn--small" onClick={copy}>
        {labels.copy}
      </button>
      <span role="status" className="metrics-token__copied">
        {copied}
      </span>
    </div>
  );
}
