import 'server-only';
import { parseArgs } from 'node:util';
import { activeRunId } from '@/lib/config-run/reconcile';
import { readConsoleEnv } from '@/lib/env';
import { auditLogPath } from '@/lib/settings/audit-log';
import { changeProblems, checkFieldValue, fieldForSettingsKey } from '@/lib/settings/key-values';
import { SettingsBusyError } from '@/lib/settings/settings-lock';
import { readSettings, SettingsVersionConflictError, writeSettings } from '@/lib/settings/store';
import { SETTINGS_KEYS, type PackagesSettings } from '@/lib/settings/types';
import { textOf } from '@/lib/storage/types';

import { settingsField, SETTINGS_FIELDS } from '@/lib/settings/fields';
import { EXIT_BUSY } from './exit-codes';
import { problemText } from '@/lib/i18n/lookup';
import { validationText } from './messages';
import { readAll, readSecret } from './read-secret';
import { cliLabelOf } from './storage-check-command';
import { runText } from './run-messages';
import { EXIT_FAILED, EXIT_OK, UsageError } from './usage-error';

// `config get|set|list` over the GitHub Enterprise keys, like ghe-config. `set` checks the value on its
// own; the settings as a whole are checked by `config apply` (its validate phase), as in GHE.

const KEYS = Object.values(SETTINGS_KEYS);
const SECRETS = SETTINGS_FIELDS.filter((field) => field.secret);
const secretKeys = SECRETS.map((field) => field.settingsKey).join(', ');
const secretField = (field: string | null) => SECRETS.find((secret) => secret.name === field);
const MASK = '********';
const KEY_LIST = KEYS.map((key) => `  ${key}`).join('\n');

export const CONFIG_GET_HELP = `Usage: cli config get KEY

Prints the saved value of KEY. Secrets (${secretKeys}) are write-only (see "config list").

Keys:
${KEY_LIST}

Exit status: 0 printed, 1 the settings cannot be read, 2 usage error (unknown or write-only key).`;

export const CONFIG_SET_HELP = `Usage: cli config set KEY VALUE
${SECRETS.map((field) => `       cli config set ${field.settingsKey} < secret.txt`).join('\n')}
${SETTINGS_FIELDS.filter((field) => field.input === 'textarea').map((field) => `       cli config set ${field.settingsKey} < ca.pem`).join('\n')}

Saves one setting (not applied until "cli config apply"). The value is checked on its own; the
settings as a whole are checked when they are applied. app.packages.enabled takes true or false.
A multi-line value (PEM certificates) is read from stdin when no VALUE is given.

Secrets are read from the environment (${SECRETS.map((field) => `$${field.secretEnv} for ${field.settingsKey}`).join(', ')}), or else
from stdin (a prompt on a terminal), never from an argument: arguments are visible to other local
users and kept in shell history. A new value of a key a stored secret was issued with (a new access
key ID) is saved only with its own secret, read the same way: the stored one belongs to the old value.

Keys:
${KEY_LIST}

Exit status: 0 saved (also when only the audit log entry could not be written: a warning says so),
1 not saved (settings unreadable or changed meanwhile), 2 usage error or invalid value, 3 a
configuration run is in progress or another process kept the settings locked (try again).`;

export const CONFIG_LIST_HELP = `Usage: cli config list [--json]

Prints every packages setting as KEY=VALUE (or one JSON object with --json); a secret is masked
as ${MASK} when one is stored. Line breaks of a multi-line value (PEM) are written as \\n.

Exit status: 0 printed, 1 the settings cannot be read, 2 usage error.`;

function keyField(key: string | undefined) {
  if (key === undefined) throw new UsageError('Missing KEY.', 'usage');
  if (key === SETTINGS_KEYS.blobStorageType) return 'blobStorageType' as const;
  const field = fieldForSettingsKey(key);
  if (!field) throw new UsageError(`Unknown key "${key}". Known keys:\n${KEY_LIST}`, 'unknownKey');
  return field;
}

function display(packages: PackagesSettings, key: string): string {
  const field = keyField(key);
  if (field === 'blobStorageType') return packages.storageType;
  if (secretField(field)) return textOf(packages, field) === '' ? '' : MASK;
  const values: Readonly<Record<string, unknown>> = packages;
  return String(values[field]);
}

/** KEY=VALUE stays one line per key: a multi-line value (PEM) has its line breaks written as `\n`. */
function oneLine(value: string): string {
  return value.replace(/\r?\n/g, '\\n');
}

function parse(args: string[], json = false) {
  return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...(json ? { json: { type: 'boolean' as const } } : {}) }, strict: true, allowPositionals: true });
}

export async function configGetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return help(CONFIG_GET_HELP);
  if (positionals.length !== 1) throw new UsageError('config get takes exactly one KEY.', 'usage');
  const key = positionals[0] ?? '';
  if (secretField(keyField(key))) throw new UsageError(`${key} is write-only: it is never printed. "config list" shows whether one is stored.`, 'writeOnly');
  const { packages } = await readSettings();
  process.stdout.write(`${display(packages, key)}\n`);
  return EXIT_OK;
}

export async function configListCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, true);
  if (values.help) return help(CONFIG_LIST_HELP);
  if (positionals.length > 0) throw new UsageError('config list takes no arguments.', 'usage');
  const { packages, version } = await readSettings();
  const entries = KEYS.map((key) => [key, display(packages, key)] as const);
  const text = values.json ? JSON.stringify({ version, settings: Object.fromEntries(entries) }) : entries.map(([key, value]) => `${key}=${oneLine(value)}`).join('\n');
  process.stdout.write(`${text}\n`);
  return EXIT_OK;
}

async function valueFor(field: ReturnType<typeof keyField>, key: string, positionals: string[]): Promise<unknown> {
  const secret = secretField(field);
  if (secret) {
    // Refused without echoing it: the value is already in the shell history, the message says so.
    if (positionals.length > 1) throw new UsageError(`${key} is not accepted as an argument: arguments are visible to other local users and kept in shell history. Set $${secret.secretEnv} or pipe it on stdin.`, `${secret.name}Argument`, secret.name);
    return readSecret(secret.secretEnv ?? '', cliLabelOf(secret));
  }
  // A multi-line value (PEM) comes from stdin when no VALUE is given: `config set KEY < file`.
  if (positionals.length === 1 && field !== 'enabled' && field !== 'blobStorageType' && settingsField(field)?.input === 'textarea') return readAll(process.stdin);
  if (positionals.length !== 2) throw new UsageError('config set takes KEY VALUE.', 'usage');
  const raw = positionals[1] ?? '';
  if (field !== 'enabled') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

export async function configSetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return help(CONFIG_SET_HELP);
  const key = positionals[0];
  const field = keyField(key);
  const value = await valueFor(field, key ?? '', positionals);
  const checked = checkFieldValue(field === 'blobStorageType' ? 'storageType' : field, value);
  if (!checked.ok) throw new UsageError(`${key}: ${problemText(checked, runText)}`, checked.code, field);
  const env = readConsoleEnv();
  const running = await activeRunId(env);
  if (running) {
    process.stderr.write(`config set: ${runText('ConfigRun.runInProgress')} (run ${running})\n`);
    return EXIT_BUSY;
  }
  const current = await readSettings(env);
  const name = field === 'blobStorageType' ? 'storageType' : field;
  const changes = { [name]: checked.value, ...(await tiedSecretsFor(name, { ...current.packages, [name]: checked.value }, current.packages, key ?? '')) };
  try {
    const saved = await writeSettings({ ...current.packages, ...changes }, current.version, { actor: 'cli', env });
    process.stderr.write(`Saved ${key} (settings version ${saved.version}). Run "cli config apply" to apply it.\n`);
    // Saved all the same (exit 0): the operator is told what the audit log is missing, and why.
    if (saved.auditFailure) process.stderr.write(`config set: warning: ${validationText('auditLogFailed', { version: String(saved.version), path: auditLogPath(env.dataDir) })} (${saved.auditFailure})\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof SettingsBusyError) {
      process.stderr.write(`config set: ${validationText('settingsBusy')}\n`);
      return EXIT_BUSY;
    }
    if (!(error instanceof SettingsVersionConflictError)) throw error;
    process.stderr.write(`config set: ${validationText('versionConflict')}\n`);
    return EXIT_FAILED;
  }
}

/**
 * A new value of a field a stored secret is tied to (a new access key ID) comes with its own secret, read
 * like any secret (environment, else stdin): the stored one belongs to the previous value.
 */
async function tiedSecretsFor(field: string, next: PackagesSettings, saved: PackagesSettings, key: string): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const problem of changeProblems({ saved, given: [field] }, next)) {
    const secret = secretField(problem.field);
    if (!secret) continue;
    // On a terminal the prompt says why it asks; a script that gave none is told so.
    const value = await readSecret(secret.secretEnv ?? '', `${problemText(problem, runText)}\n${cliLabelOf(secret)}`);
    if (value === '') throw new UsageError(`${key}: ${problemText(problem, runText)}`, problem.code, secret.name);
    const checked = checkFieldValue(secret.name, value);
    if (!checked.ok) throw new UsageError(`${secret.settingsKey}: ${problemText(checked, runText)}`, checked.code, secret.name);
    secrets[secret.name] = value;
  }
  return secrets;
}

function help(text: string): number {
  process.stdout.write(`${text}\n`);
  return EXIT_OK;
}
