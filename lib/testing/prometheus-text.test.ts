import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads what prom-client writes: labelled histograms and counters, escaped label values', async () => {
    const registry = new Registry();
    const histogram = new Histogram({ name: 'op_seconds', help: 'latency', labelNames: ['operation'], buckets: [0.1, 1], registers: [registry] });
    const counter = new Counter({ name: 'fail_total', help: 'failures', labelNames: ['code'], registers: [registry] });
    histogram.observe({ operation: 'list' }, 0.05);
    histogram.observe({ operation: 'list' }, 0.5);
    counter.inc({ code: 'say "hi"\\' }, 3);
    const families = parsePrometheusText(await registry.metrics());
    expect(families.get('op_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'op_seconds_bucket', { operation: 'list', le: '0.1' })).toBe(1);
    expect(sampleValue(families, 'op_seconds_bucket', { operation: 'list', le: '+Inf' })).toBe(2);
    expect(sampleValue(families, 'op_seconds_count', { operation: 'list' })).toBe(2);
    expect(sampleValue(families, 'fail_total', { code: 'say "hi"\\' })).toBe(3);
  });

  it('reads NaN and Inf in any case, as Prometheus does (prom-client writes a gauge set to NaN as Nan)', async () => {
    const registry = new Registry();
    new Gauge({ name: 'lag_seconds', help: 'lag', registers: [registry] }).set(Number.NaN);
    expect(sampleValue(parsePrometheusText(await registry.metrics()), 'lag_seconds')).toBeNaN();
    expect(sampleValue(parsePrometheusText('# TYPE a gauge\na -inf\n'), 'a')).toBe(-Infinity);
    expect(() => parsePrometheusText('# TYPE a gauge\na nano\n')).toThrow(/sample value/);
  });

  it('refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('orphan 1\n')).toThrow(/without # TYPE/);
    expect(() => parsePrometheusText('# TYPE a gauge\na{x="1} 1\n')).toThrow();
    expect(() => parsePrometheusText('# TYPE a gauge\na one\n')).toThrow(/sample value/);
    expect(() => sampleValue(parsePrometheusText('# TYPE a gauge\na{x="1"} 1\na{x="2"} 2\n'), 'a')).toThrow(/2 samples/);
  });
});
