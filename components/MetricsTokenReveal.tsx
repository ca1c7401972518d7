'use client';

import { useEffect, useRef, useState } from 'react';
import type { MetricsTokenLabels } from './MetricsTokenPanel';

/** The token just made, in a read-only field that takes the focus, with a copy button: shown this once. */
export function MetricsTokenReveal({ token, labels }: { token: string; labels: MetricsTokenLabels }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [token]);
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
      <input id="metrics-token-value" className="form-control" readOnly value={token} aria-describedby="metrics-token-once" spellCheck={false} autoComplete="off" />
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
