import 'server-only';
import { readAppliedConfig } from '@/lib/config-run/applied-config';
import type { ConsoleEnv } from '@/lib/env';
import { restoreHealthMetrics } from '@/lib/metrics/health-metrics';
import { checkHealthOnce, type HealthCheckOutcome } from './check-once';
import { readHealthHistory } from './history-store';

// The storage health monitor of a server process: a check every CONSOLE_HEALTH_INTERVAL_SECONDS, and one
// as soon as a configuration run (of this process or the CLI) has put a new configuration in force,
// seen by the run id in packages-storage.json. One check at a time: every trigger, Check now included,
// joins one queue. State lives on globalThis for the same reason as the metrics registry.

const WATCH_MS = 2_000;
const FIRST_CHECK_MS = 3_000;

interface MonitorState {
  queue: Promise<unknown>;
  busy: number;
  checkedRunId: string | null | undefined;
  timers: NodeJS.Timeout[];
}

const KEY = Symbol.for('packages-storage-console.health-monitor');
type WithMonitor = typeof globalThis & { [KEY]?: MonitorState };

function monitorState(): MonitorState {
  const holder = globalThis as WithMonitor;
  holder[KEY] ??= { queue: Promise.resolve(), busy: 0, checkedRunId: undefined, timers: [] };
  return holder[KEY];
}

/** Runs one health check after any check already queued; never two at once in this process. */
export function runHealthCheck(env: ConsoleEnv): Promise<HealthCheckOutcome> {
  const state = monitorState();
  state.busy += 1;
  const next = state.queue.then(async () => {
    try {
      const outcome = await checkHealthOnce(env);
      if (outcome.kind === 'checked') state.checkedRunId = outcome.record.runId;
      return outcome;
    } finally {
      state.busy -= 1;
    }
  });
  state.queue = next.catch(() => undefined);
  return next;
}

/** Resolves once no health check is running or queued: a configuration run waits for it before its own check. */
export async function healthChecksIdle(): Promise<void> {
  const state = monitorState();
  while (state.busy > 0) await state.queue;
}

function scheduled(env: ConsoleEnv): void {
  runHealthCheck(env).catch((error: unknown) => {
    console.error(`Storage health check failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}`);
  });
}

async function watchAppliedRun(env: ConsoleEnv): Promise<void> {
  const state = monitorState();
  if (state.busy > 0) return;
  const config = await readAppliedConfig(env).catch(() => null);
  const runId = config?.run_id ?? null;
  if (state.checkedRunId !== undefined && runId !== null && runId !== state.checkedRunId) scheduled(env);
}

/** Starts the monitor once per process (instrumentation.ts). */
export async function startHealthMonitor(env: ConsoleEnv): Promise<void> {
  const state = monitorState();
  if (state.timers.length > 0) return;
  const last = (await readHealthHistory(env)).records.at(-1);
  restoreHealthMetrics(last);
  state.timers.push(
    setTimeout(() => scheduled(env), FIRST_CHECK_MS),
    setInterval(() => scheduled(env), env.healthIntervalSeconds * 1000),
    setInterval(() => void watchAppliedRun(env).catch(() => undefined), WATCH_MS),
  );
  for (const timer of state.timers) timer.unref();
}
