'use client';

import { useLocale } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import type { RestoreBody } from '@/lib/history/restore-body';

export interface RestoreLabels {
  restore: string;
  restoring: string;
  failed: string;
  confirmStorage: string;
  confirmStorageCheck: string;
  confirmStorageButton: string;
}

interface Props {
  version: number;
  /** The current settings version the admin saw: a save in between is a conflict, as for the form. */
  expectedVersion: number;
  /** Where the run is followed once started. */
  runsHref: string;
  labels: RestoreLabels;
}

const TIMEOUT_MS = 30_000;

/** Starts a restore of a kept version; a storage change is confirmed first, a refusal is said in place. */
export function RestoreVersionButton({ version, expectedVersion, runsHref, labels }: Props) {
  const router = useRouter();
  // A refusal (a save in between, a run in progress) is said in the page's language, not the browser's.
  const locale = useLocale();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [needsConfirm, setNeedsConfirm] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const confirmBox = useRef<HTMLInputElement>(null);

  // The button pressed is replaced by the confirmation: move focus into it, or a keyboard user is left on <body>.
  useEffect(() => {
    if (needsConfirm) confirmBox.current?.focus();
  }, [needsConfirm]);

  const restore = async (confirmStorageChange: boolean) => {
    setBusy(true);
    setProblem('');
    try {
      const response = await fetch(`/api/settings/history/${version}/restore`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': locale },
        body: JSON.stringify({ expectedVersion, confirmStorageChange } satisfies RestoreBody),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 202) {
        router.push(runsHref);
        // The runs page may be the one showing this button: render it again with the new run.
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => null)) as { message?: string; confirmRequired?: boolean } | null;
      if (body?.confirmRequired) setNeedsConfirm(true);
      else setProblem(body?.message ?? labels.failed);
    } catch {
      setProblem(labels.failed);
    }
    setBusy(false);
  };

  return (
    <div className="restore-version">
      {needsConfirm ? (
        <div role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{labels.confirmStorage}</p>
          <label>
            <input ref={confirmBox} type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} /> {labels.confirmStorageCheck}
          </label>{' '}
          <button type="button" className="btn btn--primary" disabled={busy || !confirmed} onClick={() => restore(true)} aria-describedby={problem ? `${id}-problem` : undefined}>
            {busy ? labels.restoring : labels.confirmStorageButton}
          </button>
        </div>
      ) : (
        <button type="button" className="btn" disabled={busy} onClick={() => restore(false)} aria-describedby={problem ? `${id}-problem` : undefined}>
          {busy ? labels.restoring : labels.restore}
        </button>
      )}
      <p id={`${id}-problem`} className="restore-version__problem" role="status">
        {problem}
      </p>
    </div>
  );
}
