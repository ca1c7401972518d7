import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { loadRun, runsDir } from './run-store';
import { isRunId } from './types';

// Cancelling a run from anywhere (the runs page, the Manage API, another CLI): a marker file beside the
// run's record, which the run's own process watches, since the run may be in another process than the
// request. The run stops at its next step (a copy at once) and records itself as cancelled.

const WATCH_MS = 500;

const markerPath = (env: Pick<ConsoleEnv, 'dataDir'>, runId: string) => path.join(runsDir(env), `${runId}.cancel`);

export type CancelOutcome = 'requested' | 'not-running' | 'not-found';

export async function requestCancel(env: ConsoleEnv, runId: string): Promise<CancelOutcome> {
  if (!isRunId(runId)) return 'not-found';
  const run = await loadRun(env, runId);
  if (!run) return 'not-found';
  if (run.state !== 'running') return 'not-running';
  await fs.writeFile(markerPath(env, runId), '', { mode: 0o600 });
  return 'requested';
}

/** Aborts `controller` once a cancel is requested for the run; the returned function stops watching and removes the marker. */
export function watchCancel(env: ConsoleEnv, runId: string, controller: AbortController): () => Promise<void> {
  const timer = setInterval(() => {
    fs.access(markerPath(env, runId)).then(
      () => controller.abort(),
      () => undefined,
    );
  }, WATCH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await fs.rm(markerPath(env, runId), { force: true });
  };
}
