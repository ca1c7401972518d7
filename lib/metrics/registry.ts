import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { HEALTH_STATES } from '@/lib/health/types';

// One registry per process. Next.js bundles instrumentation, route handlers and pages separately, and
// the development server reloads modules, so a module-level registry could exist several times (each
// registering the same names, or the route seeing a copy the monitor never updates): it lives on globalThis.

export interface ConsoleMetrics {
  registry: Registry;
  storageUp: Gauge;
  storageState: Gauge<'state'>;
  operationDuration: Histogram<'operation'>;
  operationFailures: Counter<'operation' | 'code'>;
  lastSuccess: Gauge;
  certificateExpiry: Gauge;
  configRuns: Counter<'outcome'>;
  loginFailures: Counter;
  serviceUp: Gauge<'ecosystem'>;
  serviceProbeSeconds: Gauge<'ecosystem'>;
}

function createMetrics(): ConsoleMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: ConsoleMetrics = {
    registry,
    storageUp: new Gauge({ name: 'console_storage_up', help: '1 when the last storage health check passed every operation, else 0', registers }),
    storageState: new Gauge({ name: 'console_storage_state', help: 'Storage health state: 1 for the current state, 0 for the others', labelNames: ['state'], registers }),
    operationDuration: new Histogram({
      name: 'console_storage_operation_duration_seconds',
      help: 'Latency of each storage health check operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    operationFailures: new Counter({ name: 'console_storage_operation_failures_total', help: 'Failed storage health check operations, by error code', labelNames: ['operation', 'code'], registers }),
    lastSuccess: new Gauge({ name: 'console_storage_last_success_timestamp_seconds', help: 'Unix time of the last storage health check that passed every operation', registers }),
    certificateExpiry: new Gauge({ name: 'console_storage_certificate_expiry_timestamp_seconds', help: 'Unix time the storage endpoint TLS certificate expires (absent over plain HTTP)', registers }),
    configRuns: new Counter({ name: 'console_config_runs_total', help: 'Configuration runs finished by this process, by outcome', labelNames: ['outcome'], registers }),
    loginFailures: new Counter({ name: 'console_login_failures_total', help: 'Failed root sign-ins (console and Manage API) in this process', registers }),
    // Series only for ecosystems set to Enabled or Read-Only: a disabled one is not expected to answer.
    serviceUp: new Gauge({ name: 'console_service_up', help: '1 when the packages service answered its health request through its front at the last check, else 0', labelNames: ['ecosystem'], registers }),
    serviceProbeSeconds: new Gauge({
      name: 'console_service_probe_seconds',
      help: 'How long the last health request to the packages service took, answered or failed',
      labelNames: ['ecosystem'],
      registers,
    }),
  };
  for (const state of HEALTH_STATES) metrics.storageState.set({ state }, state === 'unknown' ? 1 : 0);
  metrics.storageUp.set(0);
  return metrics;
}

const KEY = Symbol.for('packages-storage-console.metrics');
type WithMetrics = typeof globalThis & { [KEY]?: ConsoleMetrics };

export function consoleMetrics(): ConsoleMetrics {
  const holder = globalThis as WithMetrics;
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

export function countLoginFailure(): void {
  consoleMetrics().loginFailures.inc();
}

export function countConfigRun(outcome: string): void {
  consoleMetrics().configRuns.inc({ outcome });
}
