import { describe, expect, it } from 'vitest';
import type { HealthRecord, ServiceProbe } from '@/lib/health/types';
import { parsePrometheusText, sampleValue } from '@/lib/testing/prometheus-text';
import { recordHealthMetrics, restoreHealthMetrics } from './health-metrics';
import { consoleMetrics } from './registry';

const probe = (ecosystem: string, up: boolean, latencyMs: number): ServiceProbe => ({ ecosystem, up, latencyMs, mode: 'enabled', state: 'running', restarts: 0, ...(up ? {} : { error: 'timeout' }) });
const record = (services?: ServiceProbe[]): HealthRecord => ({
  checkedAt: new Date().toISOString(),
  state: services?.some((each) => !each.up) ? 'degraded' : 'healthy',
  cause: { code: 'allPassed' },
  runId: 'run',
  certificateExpiresAt: null,
  operations: [{ operation: 'list', status: 'pass', latencyMs: 5 }],
  ...(services ? { services } : {}),
});
const scrape = async () => parsePrometheusText(await consoleMetrics().registry.metrics());
const serviceSeries = async (name: string) => (await scrape()).get(name)?.samples ?? [];

describe('service metrics', () => {
  it('publish up and probe seconds per probed ecosystem, and drop the series of one no longer probed', async () => {
    recordHealthMetrics(record([probe('npm', true, 12), probe('build-cache', false, 5000)]));
    let families = await scrape();
    expect(families.get('console_service_up')?.type).toBe('gauge');
    expect(sampleValue(families, 'console_service_up', { ecosystem: 'npm' })).toBe(1);
    expect(sampleValue(families, 'console_service_up', { ecosystem: 'build-cache' })).toBe(0);
    expect(sampleValue(families, 'console_service_probe_seconds', { ecosystem: 'npm' })).toBeCloseTo(0.012);
    expect(sampleValue(families, 'console_service_probe_seconds', { ecosystem: 'build-cache' })).toBe(5);
    // The storage stays up: a service down degrades the state, it does not fail the storage.
    expect(sampleValue(families, 'console_storage_up')).toBe(1);

    recordHealthMetrics(record([probe('npm', false, 5000)]));
    families = await scrape();
    expect(sampleValue(families, 'console_service_up', { ecosystem: 'npm' })).toBe(0);
    expect(await serviceSeries('console_service_up')).toHaveLength(1);

    recordHealthMetrics(record());
    expect(await serviceSeries('console_service_up')).toEqual([]);
    expect(await serviceSeries('console_service_probe_seconds')).toEqual([]);
  });

  it('restores the last kept check at start, an old record without services giving none', async () => {
    restoreHealthMetrics(record([probe('npm', true, 7)]));
    expect(sampleValue(await scrape(), 'console_service_up', { ecosystem: 'npm' })).toBe(1);
    restoreHealthMetrics(record());
    expect(await serviceSeries('console_service_up')).toEqual([]);
  });
});
