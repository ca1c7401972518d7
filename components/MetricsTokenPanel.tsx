'use client';

import { useState } from 'react';
import { SecretReveal } from './SecretReveal';
import { utcTime } from './utcTime';

export type MetricsTokenLabels = Record<'none' | 'create' | 'rotate' | 'revoke' | 'working' | 'confirmRotate' | 'confirmRevoke' | 'tokenLabel' | 'shownOnce' | 'copy' | 'copied' | 'failed', string>;
type Templates = Record<'current' | 'created' | 'rotated' | 'revoked', string>;
interface Status {
  id: string;
  createdAt: string;
}

const TIMEOUT_MS = 15_000;
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** Create, rotate or revoke the metrics token; the new token is shown once, the outcome read out by a live region. */
export function MetricsTokenPanel({ initial, labels, templates, problem }: { initial: Status | null; labels: MetricsTokenLabels; templates: Templates; problem: string }) {
  const [status, setStatus] = useState(initial);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState(problem);

  const change = async (method: 'POST' | 'PUT' | 'DELETE', confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    setBusy(true);
    setNotice('');
    setError('');
    setToken('');
    try {
      const response = await fetch('/api/metrics-token', { method, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = (await response.json().catch(() => null)) as { message?: string; token?: string; id?: string; createdAt?: string } | null;
      if (!response.ok || !body?.id || !body.createdAt) {
        setError(body?.message ?? labels.failed);
        return;
      }
      setStatus(method === 'DELETE' ? null : { id: body.id, createdAt: body.createdAt });
      setToken(body.token ?? '');
      setNotice(fill(method === 'POST' ? templates.created : method === 'PUT' ? templates.rotated : templates.revoked, { id: body.id }));
    } catch {
      setError(labels.failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="metrics-token">
      <p>{status ? fill(templates.current, { id: status.id, time: utcTime(status.createdAt) }) : labels.none}</p>
      <div className="metrics-token__actions">
        {status ? (
          <>
            <button type="button" className="btn" disabled={busy} onClick={() => change('PUT', labels.confirmRotate)}>
              {busy ? labels.working : labels.rotate}
            </button>
            <button type="button" className="btn btn--danger" disabled={busy} onClick={() => change('DELETE', labels.confirmRevoke)}>
              {labels.revoke}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn--primary" disabled={busy} onClick={() => change('POST')}>
            {busy ? labels.working : labels.create}
          </button>
        )}
      </div>
      <p className="metrics-token__notice" role="status">
        {notice}
      </p>
      <p className="metrics-token__error" role="alert">
        {error}
      </p>
      {token ? <SecretReveal id="metrics-token-value" secret={token} labels={{ label: labels.tokenLabel, shownOnce: labels.shownOnce, copy: labels.copy, copied: labels.copied }} /> : null}
    </div>
  );
}
