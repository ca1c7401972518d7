import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { processStartTime } from '@/lib/fs/process-owner';

// Which child a service instance runs as: its PID and the kernel's start time of that PID (as the run
// lock names its owner), so a service left running by a killed console is found at the next start and
// stopped, and a PID reused by an unrelated process is never signalled.

const recordSchema = z.object({ pid: z.number().int().positive(), startTime: z.string().nullable(), instanceDir: z.string(), startedAt: z.string() });
export type PidRecord = z.infer<typeof recordSchema>;

export const PID_FILE = 'pid.json';

export async function writePidRecord(instanceDir: string, pid: number): Promise<PidRecord> {
  const record: PidRecord = { pid, startTime: await processStartTime(pid), instanceDir, startedAt: new Date().toISOString() };
  await writeFileAtomic(path.join(instanceDir, PID_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return record;
}

export async function removePidRecord(instanceDir: string): Promise<void> {
  await fs.rm(path.join(instanceDir, PID_FILE), { force: true });
}

/** Whether the recorded process is still the one we started: same PID, same start time, not a zombie. */
export async function recordAlive(record: PidRecord): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${record.pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return false;
  return record.startTime === null || (await processStartTime(record.pid)) === record.startTime;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function terminate(record: PidRecord, graceMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(record.pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (await recordAlive(record)) {
    if (Date.now() >= deadline) {
      signal('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  while (await recordAlive(record)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Finds the PID records under data/services/ and stops each process still alive: only those, by PID. */
export async function stopLeftovers(servicesDir: string, graceMs: number): Promise<PidRecord[]> {
  const entries = await fs.readdir(servicesDir, { recursive: true }).catch(() => [] as string[]);
  const stopped: PidRecord[] = [];
  for (const entry of entries.filter((name) => path.basename(name) === PID_FILE)) {
    const file = path.join(servicesDir, entry);
    const parsed = recordSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8').catch(() => 'null')));
    if (parsed.success && (await recordAlive(parsed.data))) {
      await terminate(parsed.data, graceMs);
      stopped.push(parsed.data);
    }
    await fs.rm(file, { force: true });
  }
  return stopped;
}
