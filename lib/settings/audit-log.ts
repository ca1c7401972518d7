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

/** A change that is not a settings save (the metrics token): what happened, to which id, by whom. Ids, never secrets. */
export interface AuditEvent {
  time: string;
  event: string;
  actor: string;
  id: string;
  replaced?: string;
}

const eventSchema = z.object({ time: z.string(), event: z.string(), actor: z.string(), id: z.string(), replaced: z.string().optional() });

export async function appendAuditEvent(dataDir: string, entry: AuditEvent): Promise<void> {
  const line = JSON.stringify({ time: entry.time, event: entry.event, actor: entry.actor, id: entry.id, ...(entry.replaced ? { replaced: entry.replaced } : {}) });
  await appendLineDurable(auditLogPath(dataDir), line, { mode: 0o600 });
}

/**
 * All settings-save entries, oldest first (events have their own reader); [] when there is no log yet. Lines that do not parse are skipped:
 * a crash mid-append leaves a fragment, and one torn line must not hide the rest of the history.
 */
export async function readAuditLog(dataDir: string): Promise<AuditEntry[]> {
  return (await readAuditLines(dataDir)).flatMap((line) => {
    const result = entrySchema.safeParse(line);
    return result.success ? [result.data] : [];
  });
}

/** All events (metrics token changes), oldest first. */
export async function readAuditEvents(dataDir: string): Promise<AuditEvent[]> {
  return (await readAuditLines(dataDir)).flatMap((line) => {
    const result = eventSchema.safeParse(line);
    return result.success ? [result.data] : [];
  });
}

async function readAuditLines(dataDir: string): Promise<unknown[]> {
  let content: string;
  try {
    content = await fs.readFile(auditLogPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: unknown[] = [];
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      continue;
    }
  }
  return lines;
}
