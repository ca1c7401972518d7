import 'server-only';
import { parseArgs } from 'node:util';
import { createTranslator } from 'use-intl/core';
import { appliedSettings, readAppliedConfig } from '@/lib/config-run/applied-config';
import { readConsoleEnv } from '@/lib/env';
import { lookupFrom } from '@/lib/i18n/lookup';
import { classify, inventoryScopes, sumTotals, type ScopeInventory, type Totals } from '@/lib/migration';
import { SERVICES } from '@/lib/services/registry';
import { storageServer } from '@/lib/storage/server';
import type { PackagesSettings } from '@/lib/settings/types';
import messages from '@/messages/en.json';
import { causeText } from '@/lib/config-run/localize-migration';
import { humanSize } from '@/lib/i18n/human-size';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';

export const STORAGE_MIGRATE_HELP = `Usage: cli storage migrate --dry-run [--json]

Lists the packages storage in force (the applied configuration) and prints, for each ecosystem, how
many objects it holds and their total size, then the total: what moving the storage would copy.
The dry run only lists: nothing is read, copied or written, here or in the storage.
Copying to another storage comes with the configuration run that changes it; only the dry run exists yet.

Options:
  --dry-run     required: the inventory only
  --json        print one JSON object: {dry_run, storage: {type, target}, ecosystems: [{id, objects, bytes}], total: {objects, bytes}}
  -h, --help    show this help

Exit status: 0 listed, 1 nothing in force (no applied configuration, Packages off) or the storage could
not be listed, 2 usage error.`;

const t = lookupFrom(createTranslator({ locale: 'en', messages }), 'en');

interface Inventory {
  storage: { type: string; target: string };
  ecosystems: ScopeInventory[];
  total: Totals;
}

function fail(message: string, json: boolean, code: string): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  process.stderr.write(`${message}\n`);
  return EXIT_FAILED;
}

/** The settings in force, secrets opened; a code and a sentence when there are none. */
async function settingsInForce(): Promise<PackagesSettings | { code: string; message: string }> {
  const env = readConsoleEnv();
  try {
    const config = await readAppliedConfig(env);
    if (config === null) return { code: 'notApplied', message: t('StorageMigration.notApplied') };
    if (!config.packages.enabled) return { code: 'packagesOff', message: t('StorageMigration.packagesOff') };
    return await appliedSettings(config, env);
  } catch (error) {
    // Our own reading's words (a file that does not parse, a key that does not open it): no secret in them.
    return { code: 'appliedUnreadable', message: t('StorageMigration.appliedUnreadable', { reason: error instanceof Error ? error.message : String(error) }) };
  }
}

function printText(result: Inventory): void {
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
  const settings = await settingsInForce();
  if ('code' in settings) return fail(settings.message, json, settings.code);
  const env = readConsoleEnv();
  const server = storageServer(settings.storageType);
  const access = server.objectAccess(settings, { proxy: env.proxy, timeoutMs: env.checkTimeoutMs });
  let ecosystems: ScopeInventory[];
  try {
    ecosystems = await inventoryScopes(access, SERVICES.map((service) => ({ id: service.id, ...service.storageScope })));
  } catch (error) {
    // A code and a status, never the SDK's own message: it may quote a request (a signed URL, a header).
    const { code, status } = classify(error);
    return fail(t('StorageMigration.listFailed', { cause: causeText(code, status, t) }), json, code);
  } finally {
    access.close();
  }
  const result: Inventory = { storage: { type: settings.storageType, target: server.cliTarget(settings) }, ecosystems, total: sumTotals(ecosystems) };
  if (json) process.stdout.write(`${JSON.stringify({ dry_run: true, ...result }, null, 2)}\n`);
  else printText(result);
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
    process.stderr.write(`Only the dry run exists yet: run "cli storage migrate --dry-run". Copying the packages to another storage comes with the configuration run that changes it.\n\n${STORAGE_MIGRATE_HELP}\n`);
    return EXIT_USAGE;
  }
  return dryRun(values.json);
}
