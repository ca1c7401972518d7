'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

interface Props {
  label: string;
  checkingLabel: string;
  failedMessage: string;
}

const TIMEOUT_MS = 45_000;

/** Runs one health check now (queued behind a running one; refused during a configuration run), then shows the new state. */
export function HealthCheckNowButton({ label, checkingLabel, failedMessage }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const checkNow = async () => {
    setBusy(true);
    setProblem('');
    try {
      const response = await fetch('/api/storage-health/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (response.ok) router.refresh();
      else setProblem(((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? failedMessage);
    } catch {
      setProblem(failedMessage);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="health-check-now">
      <button type="button" className="btn" onClick={checkNow} disabled={busy} aria-describedby={problem ? 'health-check-problem' : undefined}>
        {busy ? checkingLabel : label}
      </button>
      <p id="health-check-problem" className="health-check-now__problem" role="status">
        {problem}
      </p>
    </div>
  );
}
