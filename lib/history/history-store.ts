import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { readAppliedConfig } from '@/lib/config-run/applied-config';
import { sealedSettingsSchema, type SettingsFile } from '@/lib/settings/sealed-file';
import { SettingsFileError } from '@/lib/settings/settings-errors';

// Every saved settings version, kept in data/settings-history.json exactly as settings.json holds it
// (secrets sealed the same way), rewritten atomically at 0600 under the settings lock by the save
// that made the version. The newest MAX_KEPT_VERSIONS are kept, and the version in force whatever
// its age; older ones are forgotten, oldest first. Nothing in a kept version is ever rewritten.

export const MAX_KEPT_VERSIONS = 50;
const FORMAT = 1;

const keptSchema = z.object({
  version: z.number().int().min(1),
  updatedAt: z.iso.datetime().nullable(),
  /** Who saved it ('console', 'api', 'cli'); null when it was kept after the fact (see listKeptVersions). */
  actor: z.string().nullable(),
  /** The version it is a restore of, if it is one. */
  restoredFrom: z.number().int().nullable(),
  settings: sealedSettingsSchema,
});
const historySchema = z.object({ format: z.literal(FORMAT), versions: z.array(keptSchema) });
export type KeptVersion = z.infer<typeof keptSchema>;

export function historyFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'settings-history.json');
}

/** The kept versions, oldest first; [] before the first save. A damaged file is reported, never overwritten. */
export async function readHistoryFile(env: Pick<ConsoleEnv, 'dataDir'>): Promise<KeptVersion[]> {
  const file = historyFilePath(env);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new SettingsFileError(file, 'unreadable', code ?? 'error');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // The parser's message may quote the file: leave it out.
    throw new SettingsFileError(file, 'corrupt', 'not valid JSON');
  }
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) throw new SettingsFileError(file, 'corrupt', 'unexpected content');
  return parsed.data.versions.sort((a, b) => a.version - b.version);
}

export function keptFrom(file: SettingsFile, actor: string | null, restoredFrom: number | null): KeptVersion {
  return { version: file.version, updatedAt: file.updatedAt, actor, restoredFrom, settings: file.settings };
}

/** The newest `max`, plus the version in force if it is older. */
export function boundedVersions<T extends { version: number }>(versions: readonly T[], inForce: number | null, max = MAX_KEPT_VERSIONS): T[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const newest = sorted.slice(-max);
  const older = sorted.slice(0, Math.max(0, sorted.length - max)).filter((kept) => kept.version === inForce);
  return [...older, ...newest];
}

async function inForceVersion(env: ConsoleEnv): Promise<number | null> {
  // A damaged live file does not stop a save from being kept; it just protects no old version.
  const applied = await readAppliedConfig(env).catch(() => null);
  return applied?.settings_version ?? null;
}

/**
 * Adds a version just written to settings.json, and `previous` (the version it replaced) if a crash or a
 * failed write kept it out. Called by the save that holds the settings lock: no two writers race here.
 */
export async function keepVersion(env: ConsoleEnv, kept: KeptVersion, previous: KeptVersion | null): Promise<void> {
  const versions = (await readHistoryFile(env)).filter((entry) => entry.version !== kept.version);
  if (previous && previous.version > 0 && !versions.some((entry) => entry.version === previous.version)) versions.push(previous);
  versions.push(kept);
  const bounded = boundedVersions(versions, await inForceVersion(env));
  await writeFileAtomic(historyFilePath(env), `${JSON.stringify({ format: FORMAT, versions: bounded })}\n`, { mode: 0o600 });
}
