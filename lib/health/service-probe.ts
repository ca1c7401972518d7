import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { healthPathOf } from '@/lib/services/catalog';
import { callService } from '@/lib/services/http';
import { readServicesStatus, type ServicesStatusView } from '@/lib/services/status-file';
import type { ServiceProbe, ServiceProbeError } from './types';

// The health monitor's look at the packages services: a plain GET of each serving ecosystem's health
// path through its front, the address its users reach, without credentials. What is kept is the
// class of a failure, never a URL or a body (the history holds codes, times and latencies only).

/** A registry that answers nothing in 5 s is down for its users, whatever the storage timeout is. */
export const SERVICE_PROBE_MAX_TIMEOUT_MS = 5_000;

export interface ProbeAnswer {
  up: boolean;
  latencyMs: number;
  error?: ServiceProbeError;
  httpStatus?: number;
}

const codesOf = (error: unknown): string[] => {
  const cause = (error as { cause?: unknown } | null)?.cause as (NodeJS.ErrnoException & { errors?: unknown[] }) | undefined;
  if (!cause) return [];
  // A host with several addresses (localhost) fails with an AggregateError of one error per address.
  const nested = Array.isArray(cause.errors) ? cause.errors.map((each) => (each as NodeJS.ErrnoException).code) : [];
  return [cause.code, ...nested].filter((code): code is string => typeof code === 'string');
};

/** The class of a failed fetch: its deadline passed, the port refused the connection, or another network error. */
export function classifyProbeFailure(error: unknown): ServiceProbeError {
  const name = (error as Error | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const codes = codesOf(error);
  if (codes.some((code) => code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT')) return 'timeout';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  return 'unreachable';
}

/** One GET of `url`, timed: up on a 200 only. */
export async function probeUrl(url: string, timeoutMs: number): Promise<ProbeAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const answer = await callService(url, { method: 'GET', timeoutMs, redirect: 'manual' });
    if (answer.status === 200) return { up: true, latencyMs: elapsed() };
    return { up: false, latencyMs: elapsed(), error: 'httpStatus', httpStatus: answer.status };
  } catch (error) {
    return { up: false, latencyMs: elapsed(), error: classifyProbeFailure(error) };
  }
}

type StatusRecord = ServicesStatusView['ecosystems'][number];

/** The ecosystems the supervisor says should be serving: Enabled or Read-Only, whatever state they are in. */
export function servingEcosystems(view: ServicesStatusView): (StatusRecord & { mode: 'enabled' | 'read-only' })[] {
  return view.ecosystems.filter((record): record is StatusRecord & { mode: 'enabled' | 'read-only' } => record.mode === 'enabled' || record.mode === 'read-only');
}

/** Probes every serving ecosystem at once; none when no live console publishes a services status. */
export async function probeServices(env: Pick<ConsoleEnv, 'dataDir' | 'services' | 'checkTimeoutMs'>): Promise<ServiceProbe[]> {
  const view = await readServicesStatus(env.dataDir, env.services);
  const timeoutMs = Math.min(env.checkTimeoutMs, SERVICE_PROBE_MAX_TIMEOUT_MS);
  return Promise.all(
    servingEcosystems(view).map(async (record): Promise<ServiceProbe> => {
      const path = healthPathOf(record.id);
      const answer: ProbeAnswer = path === null ? { up: false, latencyMs: 0, error: 'unreachable' } : await probeUrl(`${record.publicUrl}${path}`, timeoutMs);
      return { ecosystem: record.id, mode: record.mode, state: record.state, restarts: record.restarts, ...answer };
    }),
  );
}
