import 'server-only';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CA_CERTIFICATES_FIELD } from '@/lib/storage/shared/fields';
import { readConsoleEnv } from '@/lib/env';
import { checkFieldValue } from '@/lib/settings/key-values';
import { readSettings, SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings } from '@/lib/settings/types';
import { checkStorage } from '@/lib/storage/check/check-storage';
import { DEFAULT_STORAGE_TYPE, fieldRequired, isStorageTypeId, STORAGE_FIELDS, STORAGE_TYPE_IDS, STORAGE_TYPES, storageType, type RegisteredStorageType } from '@/lib/storage/registry';
import { storageRules } from '@/lib/storage/rules';
import { storageServer } from '@/lib/storage/server';
import { textOf, type FieldProblem, type StorageField, type StorageType } from '@/lib/storage/types';
import { problemText } from '@/lib/i18n/lookup';
import { checkJson, checkText as formatText, textHelp, usageJson } from './check-output';
import { validationText } from './messages';
import { runText } from './run-messages';
import { readSecret } from './read-secret';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error';

/** Whether `field` is one of the type's own (an option of another type picks that type). */
function hasField(type: { fields: readonly StorageField[] }, field: StorageField): boolean {
  return type.fields.some((own) => own === field);
}

/** `--flag` of a field: its own, else its name in kebab case. */
export const cliFlagOf = (field: StorageField) => field.cliFlag ?? field.name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
/** How the CLI names a field in prompts: `secretKey` -> `Secret key`. */
export const cliLabelOf = (field: StorageField) => field.name.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`).replace(/^./, (first) => first.toUpperCase());

const secretsOf = (type: RegisteredStorageType) => type.fields.filter((field) => field.secret);
const flagFieldsOf = (type: RegisteredStorageType) => type.fields.filter((field) => !field.secret);
const secretSources = (type: StorageType) => secretsOf(type).map((field) => `the ${cliLabelOf(field).toLowerCase()} is read from $${field.secretEnv}`);

export const STORAGE_CHECK_HELP = `Usage: cli storage check [--type ${STORAGE_TYPE_IDS.join('|')}] [options]

Checks that the storage credentials can do everything GitHub Packages needs, using temporary
data under .console-check/ that is removed afterwards.

With no storage options, checks the saved Packages settings.

Options:
  --type TYPE              storage type: ${STORAGE_TYPE_IDS.join(' | ')} (default: ${DEFAULT_STORAGE_TYPE}, or the saved one)
${STORAGE_TYPES.map((type) => storageServer(type.id).cliOptionsHelp).join('\n')}
  --ca-file FILE           trusted CA certificates (PEM) for this check, instead of the saved ones
  --timeout-ms N           limit for the whole check, 500-120000 (default: $CONSOLE_CHECK_TIMEOUT_MS or 10000)
  --json                   print one JSON object: {ok, permissions, errors, warnings, identity}
  -h, --help               show this help

Secrets are read from the environment, or else from stdin (a prompt on a terminal): ${STORAGE_TYPES.flatMap(secretSources).join('; ')}.
They are never accepted as arguments: arguments are visible to other users and kept in shell history.

Exit status: 0 every permission works, 1 the check found problems, 2 usage error.`;

const CA_FLAG = CA_CERTIFICATES_FIELD.cliFlag;
const FLAG_FIELDS = new Map(STORAGE_TYPES.flatMap((type) => flagFieldsOf(type).map((field) => [cliFlagOf(field), field] as const)));
const OPTIONS = {
  type: { type: 'string' },
  'timeout-ms': { type: 'string' },
  [CA_FLAG]: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  ...Object.fromEntries([...FLAG_FIELDS.keys()].map((flag) => [flag, { type: 'string' as const }])),
} as const;
type Values = Record<string, string | boolean | undefined>;

function invalid(field: string, problem: Omit<FieldProblem, 'field'>): UsageError {
  return new UsageError(problemText(problem, runText), problem.code, field);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) {
    try {
      return readConsoleEnv().checkTimeoutMs;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), 'environmentInvalid');
    }
  }
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 500 || ms > 120_000) throw new UsageError('--timeout-ms must be a whole number from 500 to 120000.', 'timeoutInvalid');
  return ms;
}

const flagList = (flags: string[]) => flags.map((flag) => `--${flag}`).join(', ').replace(/, ([^,]*)$/, ' and $1');

/** Each value by the same rules as the form and `config set`, then the type's rules across fields. */
async function settingsFromFlags(type: RegisteredStorageType, values: Values): Promise<PackagesSettings> {
  const rules = storageRules(type.id);
  const settings: Record<string, unknown> = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, storageType: type.id };
  for (const field of flagFieldsOf(type)) {
    const raw = values[cliFlagOf(field)];
    const checked = checkFieldValue(field.name, typeof raw === 'string' ? raw : (field.choices?.[0] ?? ''));
    if (!checked.ok) throw invalid(field.name, checked);
    settings[field.name] = checked.value;
  }
  // What is required can depend on the other options (S3: no keys with --auth instance).
  const missing = flagFieldsOf(type).filter((field) => rules.requiredCode[field.name] && fieldRequired(field, settings) && !values[cliFlagOf(field)]);
  if (missing.length > 0) {
    throw new UsageError(`Missing ${missing.map((field) => `--${cliFlagOf(field)}`).join(', ')} (or pass no storage options to check the saved settings).`, 'required');
  }
  const whole = rules.wholeProblems?.(settings)[0];
  if (whole) throw invalid(whole.field ?? '', { ...whole, namespace: rules.validationNamespace });
  for (const field of secretsOf(type).filter((candidate) => fieldRequired(candidate, settings))) {
    const secret = await readSecret(field.secretEnv ?? '', cliLabelOf(field));
    const required = rules.requiredCode[field.name] ?? 'required';
    if (secret === '') throw new UsageError(`${problemText({ code: required, namespace: rules.validationNamespace }, runText)} Set $${field.secretEnv} or pipe it on stdin.`, required, field.name);
    const checked = checkFieldValue(field.name, secret);
    if (!checked.ok) throw invalid(field.name, checked);
    settings[field.name] = checked.value;
  }
  return settings as PackagesSettings;
}

async function savedSettings(type: RegisteredStorageType): Promise<PackagesSettings> {
  const { packages } = await readSettings();
  const rules = storageRules(type.id);
  const settings = { ...packages, storageType: type.id } as PackagesSettings;
  const values: Readonly<Record<string, unknown>> = settings;
  if (type.fields.some((field) => rules.requiredCode[field.name] && fieldRequired(field, values) && textOf(values, field.name) === '')) {
    const flags = flagFieldsOf(type).filter((field) => rules.requiredCode[field.name] && fieldRequired(field, values)).map(cliFlagOf);
    throw new UsageError(`No storage settings are saved yet. Pass ${flagList(flags)} to check storage before saving it.`, 'storageNotConfigured');
  }
  return settings;
}

/** Arguments before parseArgs: its "unknown option" error would not say why a secret flag is refused. */
function refuseSecretArgument(args: string[]): void {
  for (const field of STORAGE_FIELDS.filter((candidate) => candidate.secret)) {
    const flag = cliFlagOf(field);
    const short = flag.replace(/-[a-z]+$/, '');
    if (!args.some((arg) => arg.startsWith(`--${short}`) && new RegExp(`^--(${short}|${flag})(=|$)`).test(arg))) continue;
    throw new UsageError(
      `--${flag} is not accepted: command-line arguments are visible to other local users (ps, /proc) and are kept in shell history. Set $${field.secretEnv}, or pipe the secret on stdin.`,
      `${field.name}Argument`,
      field.name,
    );
  }
}

function chosenType(values: Values, savedType: () => Promise<string>): Promise<RegisteredStorageType> | RegisteredStorageType {
  const given = values.type;
  if (given === undefined) return savedType().then((id) => storageType(isStorageTypeId(id) ? id : DEFAULT_STORAGE_TYPE));
  if (!isStorageTypeId(given)) throw new UsageError(`--type must be one of: ${STORAGE_TYPE_IDS.join(', ')}.`, 'storageTypeInvalid', 'storageType');
  return storageType(given);
}

export async function storageCheckCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  let rows: readonly string[] = storageType(DEFAULT_STORAGE_TYPE).checkRows;
  try {
    refuseSecretArgument(args);
    let parsed;
    try {
      parsed = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), 'usage');
    }
    const values = parsed.values as Values;
    if (values.help) {
      process.stdout.write(`${STORAGE_CHECK_HELP}\n`);
      return EXIT_OK;
    }
    const timeoutMs = parseTimeout(values['timeout-ms'] as string | undefined);
    const flagged = [...FLAG_FIELDS].filter(([flag]) => values[flag] !== undefined);
    // Options of one type pick it; --type says which when in doubt.
    const type = await chosenType(values, async () => flagged[0] ? (STORAGE_TYPES.find((t) => hasField(t, flagged[0]![1]))?.id ?? DEFAULT_STORAGE_TYPE) : (await readSettings()).packages.storageType);
    rows = type.checkRows;
    const foreign = flagged.find(([, field]) => !hasField(type, field));
    if (foreign) throw new UsageError(`--${foreign[0]} is not an option of --type ${type.id}.`, 'usage');
    const fromFlags = flagged.length > 0;
    const settings = await withCaFile(fromFlags ? await settingsFromFlags(type, values) : await savedSettings(type), values[CA_FLAG]);
    const result = await checkStorage(settings, { timeoutMs });
    const source = fromFlags ? 'flags' : 'saved settings';
    const output = json ? JSON.stringify(checkJson(result, runText)) : formatText(result, runText, { target: storageServer(type.id).cliTarget(settings), source, help: textHelp(type, result, runText) });
    process.stdout.write(`${output}\n`);
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof SettingsFileError) return settingsFailure(error, json, rows);
    if (!(error instanceof UsageError)) throw error;
    if (json) process.stdout.write(`${JSON.stringify(usageJson({ code: error.code, field: error.field, message: error.message }, rows))}\n`);
    process.stderr.write(`storage check: ${error.message}\n${json ? '' : 'Run "storage check --help" for usage.\n'}`);
    return EXIT_USAGE;
  }
}

/** `--ca-file`: the PEM in that file, by the same rules as the saved field, replaces the saved CAs. */
async function withCaFile(settings: PackagesSettings, file: string | boolean | undefined): Promise<PackagesSettings> {
  if (typeof file !== 'string') return settings;
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`--${CA_FLAG} ${file} could not be read (${reason}).`, 'caFileUnreadable', CA_CERTIFICATES_FIELD.name);
  }
  const checked = checkFieldValue(CA_CERTIFICATES_FIELD.name, pem);
  if (!checked.ok) throw invalid(CA_CERTIFICATES_FIELD.name, checked);
  return { ...settings, [CA_CERTIFICATES_FIELD.name]: String(checked.value) };
}

/** The saved settings exist but cannot be read: not a usage error, the check simply could not run. */
function settingsFailure(error: SettingsFileError, json: boolean, rows: readonly string[]): number {
  const code = settingsFileMessageCode(error);
  const message = validationText(code, { path: error.path });
  if (json) process.stdout.write(`${JSON.stringify(usageJson({ code, field: null, message }, rows))}\n`);
  process.stderr.write(`storage check: ${message}\n`);
  return EXIT_FAILED;
}
