import 'server-only';
import { appliedSettings, readAppliedConfig, type AppliedConfigFile } from '@/lib/config-run/applied-config';
import { lockOwnerAlive, readRunLock } from '@/lib/config-run/run-lock';
import type { ConsoleEnv } from '@/lib/env';
import { recordHealthMetrics } from '@/lib/metrics/health-metrics';
import { storageServer } from '@/lib/storage/server';
import { trustedCaPems } from '@/lib/storage/shared/server-rules';
import { evaluateHealth, withServices } from './evaluate';
import { appendHealthRecord, readHealthHistory } from './history-store';
import { probeServices } from './service-probe';
import type { HealthCause, HealthRecord, HealthState } from './types';

// One health check of the configuration in force: probe, evaluate, keep, publish. Callers serialize
// it (monitor.ts); it never runs while a configuration run holds the run lock, whose own check would
// otherwise race with this one on the same storage.

export type HealthCheckOutcome = { kind: 'checked'; record: HealthRecord } | { kind: 'runInProgress' };

async function readConfig(env: ConsoleEnv): Promise<AppliedConfigFile | null | 'unreadable'> {
  try {
    return await readAppliedConfig(env);
  } catch {
    return 'unreadable';
  }
}

function blankRecord(now: Date, state: HealthState, cause: HealthCause, runId: string | null): HealthRecord {
  return { checkedAt: now.toISOString(), state, cause, runId, operations: [], certificateExpiresAt: null };
}

async function probeRecord(env: ConsoleEnv, config: AppliedConfigFile, signal?: AbortSignal): Promise<HealthRecord> {
  const settings = await appliedSettings(config, env);
  // The services are probed while the storage is: a stopped registry's timeout does not add to the storage's.
  const [result, services] = await Promise.all([
    storageServer(settings.storageType).healthProbe(settings, { timeoutMs: env.checkTimeoutMs, signal, network: { caPems: trustedCaPems(settings) } }),
    probeServices(env),
  ]);
  const now = new Date();
  const { state, cause } = withServices(evaluateHealth(result, { slowMs: env.healthSlowMs, now }), services);
  const storageType = settings.storageType;
  return { checkedAt: now.toISOString(), state, cause: cause.issue ? { ...cause, storageType } : cause, runId: config.run_id, storageType, ...result, services };
}

export async function checkHealthOnce(env: ConsoleEnv, signal?: AbortSignal): Promise<HealthCheckOutcome> {
  const lock = await readRunLock(env);
  if (lock && (await lockOwnerAlive(lock))) return { kind: 'runInProgress' };
  const config = await readConfig(env);
  let record: HealthRecord;
  if (config === 'unreadable') record = blankRecord(new Date(), 'unknown', { code: 'configUnreadable' }, null);
  else if (config === null || !config.packages.enabled) record = blankRecord(new Date(), 'unknown', { code: 'notConfigured' }, config?.run_id ?? null);
  else record = await probeRecord(env, config, signal);

  const history = await readHealthHistory(env);
  const last = history.records.at(-1);
  const from = last?.state ?? 'unknown';
  // Nothing in force, again: not worth a write every interval.
  if (record.operations.length === 0 && last && last.state === record.state && last.cause.code === record.cause.code) {
    recordHealthMetrics(record);
    return { kind: 'checked', record };
  }
  const change = from !== record.state || !last ? { at: record.checkedAt, from, to: record.state, cause: record.cause } : null;
  // Metrics first: whoever reads the new record in the history must find /metrics saying the same.
  recordHealthMetrics(record);
  await appendHealthRecord(env, record, change);
  return { kind: 'checked', record };
}
