import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appendLineDurable } from '@/lib/fs/atomic-write';

// Who changed which settings keys, when. Only key names are recorded: the log is meant to be
// readable by operators who must not learn the values, and it is never encrypted.

export interface AuditEntry {
  time: string;
  version: number;
  changed: string[];
  actor: string;
}

const entrySchema = z.object({
  time: z.string(),
  version: z.number().int().min(0),
  changed: z.array(z.string()),
  actor: z.string(),
});

export function auditLogPath(dataDir: string): string {
  return path.join(dataDir, 'audit.log');
}

export async function appendAuditEntry(dataDir: string, entry: AuditEntry): Promise<void> {
  // Build the line from the known fields only, so a caller can never smuggle a value in.
  const line = JSON.stringify({ time: entry.time, version: entry.version, changed: [...entry.changed], actor: entry.actor });
  await appendLineDurable(auditLogPath(dataDir), line, { mode: 0o600 });
}

/**
 * All entries, oldest first; [] when there is no log yet. Lines that do not parse are skipped:
 * a crash mid-append leaves a fragment, and one torn line must not hide the rest of the history.
 */
export async function readAuditLog(dataDir: string): Promise<AuditEntry[]> {
  let content: string;
  try {
    content = await fs.readFile(auditLogPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditEntry[] = [];
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const result = entrySchema.safeParse(parsed);
    if (result.success) entries.push(result.data);
  }
  return entries;
}
