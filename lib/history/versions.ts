import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { readAppliedConfig } from '@/lib/config-run/applied-config';
import { listRuns } from '@/lib/config-run/reconcile';
import type { RunSource, RunState } from '@/lib/config-run/types';
import { openSettingsFile } from '@/lib/settings/sealed-file';
import { readSealedSettings, settingsFilePath } from '@/lib/settings/store';
import type { SettingsSnapshot } from '@/lib/settings/types';
import { diffSettings, type KeyChange } from './diff';
import { historyFilePath, keptFrom, readHistoryFile, type KeptVersion } from './history-store';

// The settings history as admins read it: each kept version, who saved it, the run that wrote or
// applied it, and what changed from the version kept before it. Secrets are opened only to compare.

export interface VersionRun {
  id: string;
  state: RunState;
  source: RunSource;
}

export interface HistoryVersion {
  version: number;
  updatedAt: string | null;
  actor: string | null;
  restoredFrom: number | null;
  /** The version settings.json holds now. */
  current: boolean;
  /** The version the packages service uses (packages-storage.json). */
  inForce: boolean;
  /** The newest run that wrote or applied this version. */
  run: VersionRun | null;
  /** The version `changes` are counted from: the one kept before it (null for the oldest kept). */
  previous: number | null;
  changes: KeyChange[];
}

/** The kept versions oldest first, with settings.json's own if a crash or a failed write kept it out. */
async function keptVersions(env: ConsoleEnv): Promise<KeptVersion[]> {
  const [kept, current] = await Promise.all([readHistoryFile(env), readSealedSettings(env)]);
  if (current && !kept.some((entry) => entry.version === current.version)) kept.push(keptFrom(current, null, null));
  return kept.sort((a, b) => a.version - b.version);
}

function openKept(kept: KeptVersion, file: string, env: ConsoleEnv): Promise<SettingsSnapshot> {
  return openSettingsFile(file, { format: 1, version: kept.version, updatedAt: kept.updatedAt, settings: kept.settings }, env);
}

/** One kept version with its secrets opened (server only: a restore's settings), or null. */
export async function openVersion(env: ConsoleEnv, version: number): Promise<(SettingsSnapshot & { kept: KeptVersion }) | null> {
  const kept = (await keptVersions(env)).find((entry) => entry.version === version);
  if (!kept) return null;
  const current = await readSealedSettings(env);
  const file = current?.version === version ? settingsFilePath(env) : historyFilePath(env);
  return { ...(await openKept(kept, file, env)), kept };
}

/** The kept versions, newest first. */
export async function listHistory(env: ConsoleEnv): Promise<HistoryVersion[]> {
  const [kept, runs, applied] = await Promise.all([keptVersions(env), listRuns(env), readAppliedConfig(env).catch(() => null)]);
  const opened = await Promise.all(kept.map((entry) => openKept(entry, historyFilePath(env), env)));
  const newest = kept.at(-1)?.version ?? null;
  const versions = kept.map((entry, index): HistoryVersion => {
    // Runs are newest first: the first one naming this version is the latest to write or apply it.
    const run = runs.find((candidate) => candidate.settingsVersion === entry.version);
    const before = index > 0 ? opened[index - 1]! : null;
    return {
      version: entry.version,
      updatedAt: entry.updatedAt,
      actor: entry.actor,
      restoredFrom: entry.restoredFrom,
      current: entry.version === newest,
      inForce: applied?.settings_version === entry.version,
      run: run ? { id: run.id, state: run.state, source: run.source } : null,
      previous: before?.version ?? null,
      changes: diffSettings(before?.packages ?? null, opened[index]!.packages),
    };
  });
  return versions.reverse();
}

/** What changed from version `from` to version `to`; null if either is not kept. */
export async function compareVersions(env: ConsoleEnv, from: number, to: number): Promise<KeyChange[] | null> {
  const [a, b] = await Promise.all([openVersion(env, from), openVersion(env, to)]);
  return a && b ? diffSettings(a.packages, b.packages) : null;
}
