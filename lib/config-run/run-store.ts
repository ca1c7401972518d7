import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { storedProblem } from './stored-problem';
import { ALL_PHASES, isRunId, type ConfigRunRecord } from './types';

// Runs are kept one file each under data/config-runs/, rewritten atomically on every change, so a
// reader (the console, the Manage API, another process) always sees a whole run and a crash loses at
// most the step that was under way. Only the newest MAX_KEPT_RUNS are kept.

export const MAX_KEPT_RUNS = 50;

const params = z.record(z.string(), z.string()).optional();
const issue = z.object({ code: z.string(), field: z.string().nullable(), permission: z.string().optional(), params });
const checkResult = z.object({
  ok: z.boolean(),
  permissions: z.array(z.object({ permission: z.string(), status: z.enum(['pass', 'fail', 'not-run']), code: z.string().optional() })),
  errors: z.array(issue),
  warnings: z.array(issue),
  durationMs: z.number(),
});
const runSchema = z.object({
  format: z.literal(1),
  id: z.string().refine(isRunId),
  source: z.enum(['console', 'api', 'cli']),
  actor: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'succeeded', 'failed']),
  settingsVersion: z.number().int().nullable(),
  phases: z.array(
    z.object({
      name: z.enum(ALL_PHASES),
      state: z.enum(['pending', 'running', 'done', 'failed']),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      failure: z
        .object({ code: z.string(), params, problems: z.array(storedProblem).optional(), check: checkResult.optional() })
        .optional(),
    }),
  ),
  events: z.array(
    z.object({
      seq: z.number().int(),
      timestamp: z.string(),
      severity: z.enum(['INFO', 'WARNING', 'ERROR']),
      phase: z.enum(ALL_PHASES).nullable(),
      code: z.string(),
      params,
      issue: issue.optional(),
    }),
  ),
  migration: z
    .object({
      from: z.string(),
      to: z.string(),
      journalRun: z.string().refine(isRunId),
      ecosystems: z.array(z.object({ id: z.string(), objects: z.number(), bytes: z.number() })),
      progress: z
        .object({
          phase: z.enum(['copy', 'verify']),
          objectsDone: z.number(),
          objectsTotal: z.number(),
          bytesDone: z.number(),
          bytesTotal: z.number(),
          bytesPerSecond: z.number(),
          secondsLeft: z.number().nullable(),
        })
        .nullable(),
      copied: z.number(),
      skipped: z.number(),
      verified: z.number(),
      failures: z.array(z.object({ key: z.string(), code: z.string(), status: z.number().optional() })),
      failureCount: z.number(),
    })
    .optional(),
});

export function runsDir(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'config-runs');
}

function runFile(env: Pick<ConsoleEnv, 'dataDir'>, id: string): string {
  if (!isRunId(id)) throw new Error('invalid run id');
  return path.join(runsDir(env), `${id}.json`);
}

export async function saveRun(env: ConsoleEnv, run: ConfigRunRecord): Promise<void> {
  await ensureDataDir(env);
  await fs.mkdir(runsDir(env), { recursive: true, mode: 0o700 });
  await writeFileAtomic(runFile(env, run.id), `${JSON.stringify(run)}\n`, { mode: 0o600 });
}

/** The run, or null if there is none with this id (or its file is damaged, which is logged). */
export async function loadRun(env: ConsoleEnv, id: string): Promise<ConfigRunRecord | null> {
  if (!isRunId(id)) return null;
  let raw: string;
  try {
    raw = await fs.readFile(runFile(env, id), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return runSchema.parse(JSON.parse(raw)) as ConfigRunRecord;
  } catch {
    console.error(`Configuration run file ${runFile(env, id)} is damaged and was skipped.`);
    return null;
  }
}

/** All kept runs, newest first. */
export async function loadAllRuns(env: ConsoleEnv): Promise<ConfigRunRecord[]> {
  let names: string[];
  try {
    names = await fs.readdir(runsDir(env));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).filter(isRunId);
  const runs = (await Promise.all(ids.map((id) => loadRun(env, id)))).filter((run): run is ConfigRunRecord => run !== null);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Deletes finished runs beyond the newest MAX_KEPT_RUNS. A run still in progress is never deleted. */
export async function pruneRuns(env: ConsoleEnv, keep = MAX_KEPT_RUNS): Promise<void> {
  const runs = await loadAllRuns(env);
  for (const run of runs.slice(keep)) {
    if (run.state !== 'running') await fs.rm(runFile(env, run.id), { force: true });
  }
}
