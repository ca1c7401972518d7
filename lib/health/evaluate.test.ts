import { describe, expect, it } from 'vitest';
import { evaluateHealth, withServices } from './evaluate';
import type { HealthProbeResult, OperationOutcome, ServiceProbe } from './types';

const now = new Date('2026-06-01T00:00:00Z');
const pass = (operation: OperationOutcome['operation'], latencyMs = 20): OperationOutcome => ({ operation, status: 'pass', latencyMs });
const allPass = (overrides: Partial<HealthProbeResult> = {}): HealthProbeResult => ({
  operations: [pass('list'), pass('write'), pass('read'), pass('delete')],
  certificateExpiresAt: null,
  ...overrides,
});
const evaluate = (result: HealthProbeResult) => evaluateHealth(result, { slowMs: 1000, now });

describe('evaluateHealth', () => {
  it('is healthy when every operation passed quickly and no certificate is near its end', () => {
    expect(evaluate(allPass())).toEqual({ state: 'healthy', cause: { code: 'allPassed' } });
    expect(evaluate(allPass({ certificateExpiresAt: '2026-08-01T00:00:00Z' })).state).toBe('healthy');
  });

  it('is failing on any failed operation, naming it and its storage-check code, even when others were slow', () => {
    const result = allPass({
      operations: [pass('list', 5000), { operation: 'write', status: 'fail', code: 'permissionDenied', params: { permission: 's3:PutObject' }, latencyMs: 12 }],
    });
    expect(evaluate(result)).toEqual({
      state: 'failing',
      cause: { code: 'operationFailed', operation: 'write', issue: 'permissionDenied', params: { permission: 's3:PutObject' } },
    });
  });

  it('is degraded by the slowest operation over the limit, and by a certificate expiring within 30 days', () => {
    const slow = evaluate(allPass({ operations: [pass('list', 1200), pass('write', 1500), pass('read', 1000), pass('delete')] }));
    expect(slow).toEqual({ state: 'degraded', cause: { code: 'slowOperation', operation: 'write', params: { ms: '1500', limit: '1000' } } });
    const expiring = evaluate(allPass({ certificateExpiresAt: '2026-06-20T12:00:00Z' }));
    expect(expiring).toEqual({ state: 'degraded', cause: { code: 'certificateExpiring', params: { days: '19' } } });
  });
});

describe('withServices', () => {
  const up = (ecosystem: string): ServiceProbe => ({ ecosystem, up: true, latencyMs: 3, mode: 'enabled', state: 'running', restarts: 0 });
  const down = (ecosystem: string, more: Partial<ServiceProbe> = {}): ServiceProbe => ({ ...up(ecosystem), up: false, latencyMs: 5000, error: 'timeout', ...more });
  const healthy = evaluate(allPass());

  it('leaves the storage state alone when every service answered, or none should serve', () => {
    expect(withServices(healthy, [up('npm'), up('build-cache')])).toEqual(healthy);
    expect(withServices(healthy, [])).toEqual(healthy);
  });

  it('makes a healthy storage degraded by the first service down, with its error class and HTTP status', () => {
    expect(withServices(healthy, [up('npm'), down('build-cache')])).toEqual({ state: 'degraded', cause: { code: 'serviceDown', ecosystem: 'build-cache', error: 'timeout' } });
    expect(withServices(healthy, [down('npm', { error: 'httpStatus', httpStatus: 502, latencyMs: 2 }), down('build-cache')])).toEqual({
      state: 'degraded',
      cause: { code: 'serviceDown', ecosystem: 'npm', error: 'httpStatus', params: { status: '502' } },
    });
  });

  it('names the service down over a slow operation, but never hides a failing storage', () => {
    const slow = evaluate(allPass({ operations: [pass('list', 1500)] }));
    expect(withServices(slow, [down('npm', { error: 'refused' })])).toEqual({ state: 'degraded', cause: { code: 'serviceDown', ecosystem: 'npm', error: 'refused' } });
    const failing = evaluate(allPass({ operations: [{ operation: 'write', status: 'fail', code: 'endpointRefused', latencyMs: 1 }] }));
    expect(withServices(failing, [down('npm')])).toEqual(failing);
    expect(withServices({ state: 'unknown', cause: { code: 'notConfigured' } }, [down('npm')])).toEqual({ state: 'unknown', cause: { code: 'notConfigured' } });
  });
});
