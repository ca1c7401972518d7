'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

export function PolicyBlock({ title, policy }: { title: string; policy: string }) {
  const t = useTranslations('StorageCheckPanel');
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(policy);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  }
  return (
    <details className="policy-block">
      <summary>{title}</summary>
      <pre tabIndex={0} aria-label={title}>
        <code>{policy}</code>
      </pre>
      <button type="button" className="btn btn--small" onClick={copy}>
        {t('copy')}
      </button>
      <span role="status" className="note">
        {copyState === 'copied' ? t('copied') : copyState === 'failed' ? t('copyFailed') : ''}
      </span>
    </details>
  );
}
