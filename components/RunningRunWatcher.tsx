'use client';

import { useRouter } from 'next/navigation';
import { ConfigRunProgress } from './ConfigRunProgress';

/** On the runs page: follows the run in progress and refreshes the list when it ends. */
export function RunningRunWatcher({ runId, runsHref }: { runId: string; runsHref: string }) {
  const router = useRouter();
  return <ConfigRunProgress runId={runId} runsHref={runsHref} initial={null} onFinished={() => router.refresh()} />;
}
