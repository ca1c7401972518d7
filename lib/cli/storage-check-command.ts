import 'server-only';
import { parseArgs } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import { accessKeyProblem, bucketNameProblem, pathStyleSchema, serviceUrlProblem } from '@/lib/settings/schema';
import { readSettings, SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { runStorageCheck } from '@/lib/storage-check/run-storage-check';
import type { StorageTarget } from '@/lib/storage-check/types';
import { checkJson, checkText as formatText, usageJson } from './check-output';
import { checkText, validationText } from './messages';
import { readSecret, SECRET_ENV } from './read-secret';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error';

export const STORAGE_CHECK_HELP = `Usage: cli storage check [options]

Checks that the storage credentials have the seven S3 permissions GitHub Packages needs,
using a temporary object under .console-check/ that is removed afterwards.

With no storage options, checks the saved Packages settings.

Options:
  --service-url URL        S3 endpoint, e.g. https://s3.us-west-2.amazonaws.com
  --bucket NAME            bucket name
  --access-key KEY         access key ID
  --region R               signing region (default: derived from the URL, else us-east-1)
  --path-style MODE        auto | path | virtual (default: auto)
  --timeout-ms N           limit for the whole check, 500-120000 (default: $CONSOLE_CHECK_TIMEOUT_MS or 10000)
  --json                   print one JSON object: {ok, permissions, errors, warnings}
  -h, --help               show this help

The secret key is read from $${SECRET_ENV}, or else from stdin (a prompt on a terminal).
It is never accepted as an argument: arguments are visible to other users and kept in shell history.

Exit status: 0 all seven permissions work, 1 the check found problems, 2 usage error.`;

const OPTIONS = {
  'service-url': { type: 'string' },
  bucket: { type: 'string' },
  'access-key': { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
const TARGET_FLAGS = ['service-url', 'bucket', 'access-key', 'region', 'path-style'] as const;
const REQUIRED_FLAGS = ['service-url', 'bucket', 'access-key'] as const;

function invalid(field: string, code: string): UsageError {
  return new UsageError(validationText(code), code, field);
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

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

async function targetFromFlags(values: Values): Promise<StorageTarget> {
  const missing = REQUIRED_FLAGS.filter((flag) => !values[flag]);
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((flag) => `--${flag}`).join(', ')} (or pass no storage options to check the saved settings).`, 'required');
  const serviceUrl = (values['service-url'] ?? '').trim();
  const bucket = (values.bucket ?? '').trim();
  const accessKey = (values['access-key'] ?? '').trim();
  const region = (values.region ?? '').trim();
  const urlProblem = serviceUrlProblem(serviceUrl);
  if (urlProblem) throw invalid('serviceUrl', urlProblem);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) throw invalid('bucket', bucketProblem);
  const keyProblem = accessKeyProblem(accessKey, serviceUrl);
  if (keyProblem) throw invalid('accessKey', keyProblem);
  if (region !== '' && !/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(region)) throw invalid('region', 'regionInvalid');
  const pathStyle = pathStyleSchema.safeParse(values['path-style'] ?? 'auto');
  if (!pathStyle.success) throw invalid('pathStyle', 'pathStyleInvalid');
  const secretKey = await readSecret();
  if (secretKey === '') throw new UsageError(`${validationText('secretKeyRequired')} Set $${SECRET_ENV} or pipe it on stdin.`, 'secretKeyRequired', 'secretKey');
  if (secretKey.length > 256 || /[\u0000-\u001f\u007f]/.test(secretKey)) throw invalid('secretKey', 'secretKeyLength');
  return { serviceUrl, bucket, accessKey, secretKey, region, pathStyle: pathStyle.data };
}

async function targetFromSettings(): Promise<StorageTarget> {
  const { packages } = await readSettings();
  if (!packages.serviceUrl || !packages.bucket || !packages.accessKey || !packages.secretKey) {
    throw new UsageError('No storage settings are saved yet. Pass --service-url, --bucket and --access-key to check storage before saving it.', 'storageNotConfigured');
  }
  const { serviceUrl, bucket, accessKey, secretKey, region, pathStyle } = packages;
  return { serviceUrl, bucket, accessKey, secretKey, region, pathStyle };
}

/** Arguments before parseArgs: its "unknown option" error would not say why a secret flag is refused. */
function refuseSecretArgument(args: string[]): void {
  if (args.some((arg) => /^--secret(-key)?(=|$)/.test(arg))) {
    throw new UsageError(
      `--secret-key is not accepted: command-line arguments are visible to other local users (ps, /proc) and are kept in shell history. Set $${SECRET_ENV}, or pipe the secret on stdin.`,
      'secretKeyArgument',
      'secretKey',
    );
  }
}

export async function storageCheckCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
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
    const timeoutMs = parseTimeout(values['timeout-ms']);
    const fromFlags = TARGET_FLAGS.some((flag) => values[flag] !== undefined);
    const target = fromFlags ? await targetFromFlags(values) : await targetFromSettings();
    const result = await runStorageCheck(target, { timeoutMs });
    const source = fromFlags ? 'flags' : 'saved settings';
    const output = json ? JSON.stringify(checkJson(result, checkText)) : formatText(result, checkText, { ...target, source });
    process.stdout.write(`${output}\n`);
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof SettingsFileError) return settingsFailure(error, json);
    if (!(error instanceof UsageError)) throw error;
    if (json) process.stdout.write(`${JSON.stringify(usageJson({ code: error.code, field: error.field, message: error.message }))}\n`);
    process.stderr.write(`storage check: ${error.message}\n${json ? '' : 'Run "storage check --help" for usage.\n'}`);
    return EXIT_USAGE;
  }
}

/** The saved settings exist but cannot be read: not a usage error, the check simply could not run. */
function settingsFailure(error: SettingsFileError, json: boolean): number {
  const code = settingsFileMessageCode(error);
  const message = validationText(code, { path: error.path });
  if (json) process.stdout.write(`${JSON.stringify(usageJson({ code, field: null, message }))}\n`);
  process.stderr.write(`storage check: ${message}\n`);
  return EXIT_FAILED;
}
