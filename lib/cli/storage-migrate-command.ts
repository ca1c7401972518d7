import 'server-only';
import { parseArgs } from 'node:util';
import { causeText } from '@/lib/config-run/localize-migration';
import { inventoryInForce, type InventoryFailure, type StorageInventory } from '@/lib/config-run/storage-inventory';
import { readConsoleEnv } from '@/lib/env';
import { humanSize } from '@/lib/i18n/human-size';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';
import { runText } from './run-messages';

export const STORAGE_MIGRATE_HELP = `Usage: cli storage migrate --dry-run [--json]

Lists the packages storage in force (the applied configuration) and prints, for each ecosystem, how
many objects it holds and their total size, then the total: what moving the storage would copy.
The dry run only lists: nothing is read, copied or written, here or in the storage.
To move the packages, save the new storage settings and run "cli config apply --migrate": the
configuration run copies and verifies them before it switches (see "cli config apply --help").

Options:
  --dry-run     required: the inventory only
  --json        print one JSON object: {dry_run, storage: {type, target}, ecosystems: [{id, objects, bytes}], total: {objects, bytes}}
  -h, --help    show this help

Exit status: 0 listed, 1 nothing in force (no applied configuration, Packages off) or the storage could
not be listed, 2 usage error.`;

const t = runText;

function fail(message: string, json: boolean, code: string): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  process.stderr.write(`${message}\n`);
  return EXIT_FAILED;
}

function failureText(failure: InventoryFailure): string {
  if (failure.code === 'appliedUnreadable') return t('StorageMigration.appliedUnreadable', { reason: failure.reason });
  if (failure.code === 'listFailed') return t('StorageMigration.listFailed', { cause: causeText(failure.cause, failure.status, t) });
  return t(`StorageMigration.${failure.code}`);
}

function printText(result: StorageInventory): void {
  const rows = [
    [t('StorageMigration.ecosystem'), t('StorageMigration.objects'), t('StorageMigration.size')],
    ...result.ecosystems.map((entry) => [t(`Ecosystems.${entry.id}.name`), String(entry.objects), humanSize(entry.bytes)]),
    [t('StorageMigration.total'), String(result.total.objects), humanSize(result.total.bytes)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  const lines = [t('StorageMigration.title', { storage: result.storage.target }), '', ...table, '', t('StorageMigration.nothingWritten')];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function dryRun(json: boolean): Promise<number> {
  const result = await inventoryInForce(readConsoleEnv());
  if (!result.ok) return fail(failureText(result.failure), json, result.failure.code === 'listFailed' ? result.failure.cause : result.failure.code);
  if (json) process.stdout.write(`${JSON.stringify({ dry_run: true, ...result.inventory }, null, 2)}\n`);
  else printText(result.inventory);
  return EXIT_OK;
}

export async function storageMigrateCommand(argv: string[]): Promise<number> {
  let values: { 'dry-run': boolean; json: boolean; help: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${STORAGE_MIGRATE_HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    process.stdout.write(`${STORAGE_MIGRATE_HELP}\n`);
    return EXIT_OK;
  }
  if (!values['dry-run']) {
    process.stderr.write(`storage migrate only lists (--dry-run). To move the packages, save the new storage settings and run "cli config apply --migrate".\n\n${STORAGE_MIGRATE_HELP}\n`);
    return EXIT_USAGE;
  }
  return dryRun(values.json);
}
