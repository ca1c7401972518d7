import 'server-only';
import { HEALTH_STATES, type HealthRecord, type HealthState, type ServiceProbe } from '@/lib/health/types';
import { consoleMetrics } from './registry';

/** Sets the storage gauges to what a check found, and counts its latencies and failures. */
export function recordHealthMetrics(record: HealthRecord): void {
  const metrics = consoleMetrics();
  setStateMetrics(record.state);
  metrics.storageUp.set(record.state === 'healthy' || record.state === 'degraded' ? 1 : 0);
  for (const outcome of record.operations) {
    if (outcome.latencyMs !== null && outcome.status === 'pass') metrics.operationDuration.observe({ operation: outcome.operation }, outcome.latencyMs / 1000);
    if (outcome.status === 'fail') metrics.operationFailures.inc({ operation: outcome.operation, code: outcome.code ?? 'unexpectedUnnamed' });
  }
  if (record.state === 'healthy' || record.state === 'degraded') metrics.lastSuccess.set(Date.parse(record.checkedAt) / 1000);
  if (record.certificateExpiresAt) metrics.certificateExpiry.set(Date.parse(record.certificateExpiresAt) / 1000);
  else metrics.certificateExpiry.reset();
  setServiceMetrics(record.services ?? []);
}

/** One series per ecosystem probed: an ecosystem set to Disabled since the last check loses its series. */
export function setServiceMetrics(services: readonly ServiceProbe[]): void {
  const metrics = consoleMetrics();
  metrics.serviceUp.reset();
  metrics.serviceProbeSeconds.reset();
  for (const probe of services) {
    metrics.serviceUp.set({ ecosystem: probe.ecosystem }, probe.up ? 1 : 0);
    metrics.serviceProbeSeconds.set({ ecosystem: probe.ecosystem }, probe.latencyMs / 1000);
  }
}

export function setStateMetrics(state: HealthState): void {
  const metrics = consoleMetrics();
  for (const each of HEALTH_STATES) metrics.storageState.set({ state: each }, each === state ? 1 : 0);
  if (state === 'unknown') metrics.storageUp.set(0);
}

/** At start: the last kept check, so a restart does not report storage down until the first check. */
export function restoreHealthMetrics(last: HealthRecord | undefined): void {
  if (!last) return;
  const metrics = consoleMetrics();
  setStateMetrics(last.state);
  metrics.storageUp.set(last.state === 'healthy' || last.state === 'degraded' ? 1 : 0);
  if (last.certificateExpiresAt) metrics.certificateExpiry.set(Date.parse(last.certificateExpiresAt) / 1000);
  setServiceMetrics(last.services ?? []);
}
