import 'server-only';
import { parseArgs } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import type { KeyChange } from '@/lib/history/diff';
import { changeJson, parseVersion, versionJson } from '@/lib/history/history-json';
import { compareVersions, listHistory, type HistoryVersion } from '@/lib/history/versions';
import { readSettings } from '@/lib/settings/store';
import { followRun } from './config-apply-command';
import { runText } from './run-messages';
import { EXIT_FAILED, EXIT_OK, UsageError } from './usage-error';

// `cli config history`, `config diff A B`, `config restore N`: the settings history from the data
// directory, as the console and the Manage API show it. Secrets only ever read "changed"/"unchanged".

export const CONFIG_HISTORY_HELP = `Usage: cli config history [--json]
       cli config diff A B [--json]
       cli config restore N [--confirm-storage-change [--migrate]] [--json]

history    the kept settings versions, newest first, each with what changed from the one before
diff       what changed from version A to version B, key by key
restore    saves a new version equal to version N (its secrets included) and applies it in a
           configuration run: validate, check storage with N's credentials, write, apply, verify.
           If the check fails nothing is written. --confirm-storage-change is needed when N's
           storage differs from the one in use; --migrate then copies the packages from the
           storage in use to N's first (as config apply --migrate does).

Secrets are never printed: only whether they changed.

Exit status: 0 success, 1 failure (a version that is not kept, a failed run), 2 usage error,
3 another configuration run is in progress.`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function changeLine(change: KeyChange): string {
  return change.secret ? `  ${change.key}: ${change.change}` : `  ${change.key}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`;
}

function versionLines(version: HistoryVersion): string[] {
  const marks = [version.current ? 'current' : null, version.inForce ? 'in force' : null].filter(Boolean);
  const head = [
    `version ${version.version}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`,
    version.updatedAt ?? '-',
    `by ${version.actor ?? 'unknown'}`,
    version.run ? `run ${version.run.id} ${version.run.state}` : 'no run kept',
    version.restoredFrom !== null ? `restore of version ${version.restoredFrom}` : null,
  ].filter(Boolean);
  const changes = version.changes.length > 0 ? version.changes.map(changeLine) : ['  (no change)'];
  return [head.join('  '), ...changes];
}

function help(args: string[]): boolean {
  if (!args.includes('--help') && !args.includes('-h')) return false;
  process.stdout.write(`${CONFIG_HISTORY_HELP}\n`);
  return true;
}

export async function configHistoryCommand(args: string[]): Promise<number> {
  if (help(args)) return EXIT_OK;
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const versions = await listHistory(readConsoleEnv());
  if (values.json) process.stdout.write(`${JSON.stringify({ versions: versions.map(versionJson) })}\n`);
  else if (versions.length === 0) process.stdout.write('No settings version has been saved yet.\n');
  else process.stdout.write(`${versions.flatMap(versionLines).join('\n')}\n`);
  return EXIT_OK;
}

function versionArgument(text: string | undefined): number {
  const version = parseVersion(text);
  if (version === null) throw new UsageError(`"${text ?? ''}" is not a settings version (a whole number from 1 up).`);
  return version;
}

export async function configDiffCommand(args: string[]): Promise<number> {
  if (help(args)) return EXIT_OK;
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (positionals.length !== 2) throw new UsageError('give two versions: config diff A B');
  const [from, to] = [versionArgument(positionals[0]), versionArgument(positionals[1])];
  const changes = await compareVersions(readConsoleEnv(), from, to);
  if (!changes) {
    process.stderr.write(`config diff: ${runText('ConfigRun.errors.versionNotKept', { version: `${from}/${to}` })}\n`);
    return EXIT_FAILED;
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ from, to, changes: changes.map(changeJson) })}\n`);
  else process.stdout.write(`version ${from} -> version ${to}\n${changes.length > 0 ? changes.map(changeLine).join('\n') : '  (no change)'}\n`);
  return EXIT_OK;
}

export async function configRestoreCommand(args: string[]): Promise<number> {
  if (help(args)) return EXIT_OK;
  const { values, positionals } = parseArgs({ args, options: { ...OPTIONS, 'confirm-storage-change': { type: 'boolean' }, migrate: { type: 'boolean' } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('give one version: config restore N');
  const version = versionArgument(positionals[0]);
  const current = await readSettings(readConsoleEnv());
  const request = { kind: 'restore' as const, version, expectedVersion: current.version, confirmStorageChange: values['confirm-storage-change'] === true, copyPackages: values.migrate === true };
  return followRun('restore', request, values.json === true);
}
