import type { HealthCause, HealthProbeResult, HealthState, ServiceProbe } from './types';

// Pure: the state a probe result puts the storage in. Failing beats slow beats an expiring certificate.
// A packages service down comes between failing and slow (withServices).

export const CERTIFICATE_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface EvaluateOptions {
  slowMs: number;
  now: Date;
}

export function evaluateHealth(result: HealthProbeResult, { slowMs, now }: EvaluateOptions): { state: HealthState; cause: HealthCause } {
  const failed = result.operations.find((outcome) => outcome.status === 'fail');
  if (failed) {
    const cause: HealthCause = { code: 'operationFailed', operation: failed.operation, issue: failed.code ?? 'unexpectedUnnamed' };
    return { state: 'failing', cause: failed.params ? { ...cause, params: failed.params } : cause };
  }
  const slow = result.operations
    .filter((outcome) => outcome.latencyMs !== null && outcome.latencyMs > slowMs)
    .sort((a, b) => (b.latencyMs ?? 0) - (a.latencyMs ?? 0))[0];
  if (slow) {
    return {
      state: 'degraded',
      cause: { code: 'slowOperation', operation: slow.operation, params: { ms: String(slow.latencyMs), limit: String(slowMs) } },
    };
  }
  if (result.certificateExpiresAt) {
    const left = Date.parse(result.certificateExpiresAt) - now.getTime();
    if (left < CERTIFICATE_WARNING_DAYS * DAY_MS) {
      return { state: 'degraded', cause: { code: 'certificateExpiring', params: { days: String(Math.max(0, Math.floor(left / DAY_MS))) } } };
    }
  }
  return { state: 'healthy', cause: { code: 'allPassed' } };
}

/**
 * A packages service that should be serving and does not answer makes the overall state at least
 * degraded, with the service as the cause: the storage itself still works (console_storage_up stays 1),
 * but users of that ecosystem cannot download. A failing storage keeps its own cause: a service on
 * storage that fails cannot serve either, and the storage is what to fix first. A down service beats a
 * slow operation or an expiring certificate, which users do not notice yet.
 */
export function withServices(storage: { state: HealthState; cause: HealthCause }, services: readonly ServiceProbe[]): { state: HealthState; cause: HealthCause } {
  const down = services.find((probe) => !probe.up);
  if (!down || storage.state === 'failing' || storage.state === 'unknown') return storage;
  const cause: HealthCause = { code: 'serviceDown', ecosystem: down.ecosystem, error: down.error ?? 'unreachable' };
  return { state: 'degraded', cause: down.httpStatus === undefined ? cause : { ...cause, params: { status: String(down.httpStatus) } } };
}
