import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/settings/store';
import { ECOSYSTEM_MODES } from '@/lib/services/ecosystem';
import { ECOSYSTEM_STATES } from '@/lib/services/status-file';
import { HEALTH_OPERATIONS, HEALTH_STATES, SERVICE_PROBE_ERRORS, type HealthHistory, type HealthRecord, type HealthStateChange } from './types';

// storage-health.json in the data directory: the checks of the last 7 days and the state changes,
// replaced atomically after every check. Bounded in count as well as age, so a short interval cannot
// grow it without limit. Codes, times and latencies only: no URL, key or secret is ever in it.

export const HISTORY_DAYS = 7;
/** 7 days of checks at the default 5-minute interval; a shorter interval keeps a shorter span. */
export const MAX_RECORDS = 2016;
export const MAX_CHANGES = 500;
const FORMAT = 1;

const params = z.record(z.string(), z.string()).optional();
const state = z.enum(HEALTH_STATES);
const operation = z.enum(HEALTH_OPERATIONS);
const probeError = z.enum(SERVICE_PROBE_ERRORS);
const cause = z.object({
  code: z.string(),
  operation: operation.optional(),
  issue: z.string().optional(),
  storageType: z.string().optional(),
  params,
  ecosystem: z.string().optional(),
  error: probeError.optional(),
});
// Absent in files written before the services were probed: read as none.
const services = z
  .array(
    z.object({
      ecosystem: z.string(),
      up: z.boolean(),
      latencyMs: z.number(),
      mode: z.enum(ECOSYSTEM_MODES),
      state: z.enum(ECOSYSTEM_STATES),
      restarts: z.number(),
      error: probeError.optional(),
      httpStatus: z.number().optional(),
    }),
  )
  .optional();
const recordSchema = z.object({
  checkedAt: z.string(),
  state,
  cause,
  runId: z.string().nullable(),
  storageType: z.string().optional(),
  certificateExpiresAt: z.string().nullable(),
  operations: z.array(
    z.object({ operation, status: z.enum(['pass', 'fail', 'not-run']), code: z.string().optional(), params, latencyMs: z.number().nullable() }),
  ),
  services,
});
const changeSchema = z.object({ at: z.string(), from: state, to: state, cause });
const fileSchema = z.object({ format: z.literal(FORMAT), records: z.array(recordSchema), changes: z.array(changeSchema) });

export function historyPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'storage-health.json');
}

const readFile = cachedFileReader((raw): HealthHistory => {
  const parsed = fileSchema.parse(JSON.parse(raw));
  return { records: parsed.records as HealthRecord[], changes: parsed.changes as HealthStateChange[] };
});

/** The kept history; empty when there is none yet, or when the file is damaged (logged, then replaced by the next check). */
export async function readHealthHistory(env: Pick<ConsoleEnv, 'dataDir'>): Promise<HealthHistory> {
  try {
    return (await readFile(historyPath(env))) ?? { records: [], changes: [] };
  } catch (error) {
    console.error(`Storage health history ${historyPath(env)} is unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).name}); starting a new one`);
    return { records: [], changes: [] };
  }
}

/** Drops what is older than 7 days or beyond the count bounds, oldest first. */
export function boundHistory(history: HealthHistory, now: Date): HealthHistory {
  const since = now.getTime() - HISTORY_DAYS * 86_400_000;
  const recent = <T>(items: T[], at: (item: T) => string, max: number) => items.filter((item) => Date.parse(at(item)) >= since).slice(-max);
  return {
    records: recent(history.records, (record) => record.checkedAt, MAX_RECORDS),
    changes: recent(history.changes, (change) => change.at, MAX_CHANGES),
  };
}

export async function appendHealthRecord(env: ConsoleEnv, record: HealthRecord, change: HealthStateChange | null): Promise<HealthHistory> {
  const current = await readHealthHistory(env);
  const next = boundHistory(
    { records: [...current.records, record], changes: change ? [...current.changes, change] : current.changes },
    new Date(record.checkedAt),
  );
  await ensureDataDir(env);
  await writeFileAtomic(historyPath(env), `${JSON.stringify({ format: FORMAT, ...next })}\n`, { mode: 0o600 });
  return next;
}
