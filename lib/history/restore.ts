import 'server-only';
import { proxiedStorage } from '@/lib/storage/server';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { storageChangeNeedsConfirmation } from '@/lib/config-run/save-steps';
import { settingsProblems } from '@/lib/settings/key-values';
import type { FieldProblem } from '@/lib/settings/schema';
import { readSettings } from '@/lib/settings/store';
import type { PackagesSettings, SettingsSnapshot } from '@/lib/settings/types';
import { openVersion } from './versions';

// A restore asks for a new version equal to a kept one, its secrets taken from the sealed history. It is
// validated here and then goes through the configuration run like any save (lib/config-run/phases.ts).

export interface RestoreRequest {
  /** The kept version to bring back. */
  version: number;
  /** The version the admin saw as current: someone else's save in between is a conflict, as for a save. */
  expectedVersion: number;
  /** Needed when the restored version's storage differs from the one in use. */
  confirmStorageChange?: boolean;
  /** With that change: copy the packages from the storage in use to the restored version's first. */
  copyPackages?: boolean;
}

export type PrepareRestoreOutcome =
  | { kind: 'ready'; current: SettingsSnapshot; next: PackagesSettings; expectedVersion: number }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'confirm-required' };

export async function prepareRestore(request: RestoreRequest, env: ConsoleEnv = readConsoleEnv()): Promise<PrepareRestoreOutcome> {
  const current = await readSettings(env);
  if (request.expectedVersion !== current.version) return { kind: 'conflict', currentVersion: current.version };
  const kept = await openVersion(env, request.version);
  if (!kept) return { kind: 'not-found' };
  // Rules may have grown stricter since the version was saved: it must be valid today.
  const problems = settingsProblems(kept.packages, current.version, { proxied: proxiedStorage(env.proxy) });
  if (problems.length > 0) return { kind: 'invalid', problems };
  if (storageChangeNeedsConfirmation(current.packages, kept.packages) && !request.confirmStorageChange) return { kind: 'confirm-required' };
  return { kind: 'ready', current, next: kept.packages, expectedVersion: current.version };
}
