import type { HealthCause, HealthProbeResult, HealthState } from './types';

// Pure: the state a probe result puts the storage in. Failing beats slow beats an expiring certificate.

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
