import 'server-only';
import { parseArgs } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import { formatDuration } from '@/lib/i18n/duration';
import { describeService, servicesStatusJson, staleMessageKey } from '@/lib/services/describe-services';
import { SERVICE_IDS } from '@/lib/services/registry';
import { isServiceId, MAX_LOG_LINES, readServiceLog, readServicesStatus } from '@/lib/services/status-file';
import { EXIT_UNKNOWN } from './exit-codes';
import { CREDENTIALS_HELP, servicesCredentialsCommand } from './services-credentials-command';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';
import { runText } from './run-messages';

export const SERVICES_HELP = `Usage: cli services [--json]
       cli services logs NAME [--lines N] [--json]
       cli services credentials list|add|revoke ECOSYSTEM [NAME] [--json]

The packages services (one per ecosystem: ${SERVICE_IDS.join(', ')}) as the running console last
reported them in $CONSOLE_DATA_DIR/services/status.json: state, address, storage, PID, uptime, last
canary and how users connect. Without a running console every service is shown stopped.
"logs NAME" prints the last lines of a service's log (secrets were redacted when they were written).

Options:
  --json        print one JSON object, as the Manage API answers (GET /manage/v1/packages/services,
                GET /manage/v1/packages/services/NAME/logs)
  --lines N     logs: how many lines, 1 to ${MAX_LOG_LINES} (default 100)
  -h, --help    show this help

Exit status: 0 done (services: reported and none crashed), 1 a service crashed, 2 usage error
(an unknown NAME, a bad --lines), 4 no running console reports the services.

${CREDENTIALS_HELP}`;

const t = runText;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${SERVICES_HELP}\n`);
  return EXIT_USAGE;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

async function showServices(json: boolean): Promise<number> {
  const env = readConsoleEnv();
  const view = await readServicesStatus(env.dataDir, env.services);
  if (json) {
    process.stdout.write(`${JSON.stringify(servicesStatusJson(view, t), null, 2)}\n`);
  } else {
    const services = view.ecosystems.map((record) => describeService(record, t));
    const stale = staleMessageKey(view.source);
    const header = ['SERVICE', 'STATE', 'SETTING', 'URL', 'PID', 'UPTIME', 'STORAGE', 'LAST CANARY'];
    const rows = services.map((service) => [
      service.id,
      service.restarts > 0 ? `${service.stateLabel} (${service.restarts} restarts)` : service.stateLabel,
      service.modeLabel ?? '-',
      service.publicUrl,
      service.pid === null ? '-' : String(service.pid),
      service.uptimeSeconds === null ? '-' : formatDuration(service.uptimeSeconds, 'en'),
      service.storage ?? '-',
      service.lastCanary ? `${service.lastCanary.ok ? 'passed' : 'failed'} ${service.lastCanary.at}` : '-',
    ]);
    const connect = services.flatMap((service) => [`${service.name}:`, ...service.connect.map((step) => `  ${step.text}\n    ${step.command}`)]);
    const lines = [stale ? t(stale) : t('ServicesPage.reportedAt', { time: view.updatedAt ?? '' }), '', table([header, ...rows]), '', `${t('ServicesPage.connectTitle')}:`, ...connect];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (view.source !== 'console') return EXIT_UNKNOWN;
  return view.ecosystems.some((record) => record.state === 'crashed') ? EXIT_FAILED : EXIT_OK;
}

async function showLogs(args: string[], json: boolean, linesOption: string | undefined): Promise<number> {
  if (args.length !== 1) return usage('services logs takes one service NAME.');
  const id = args[0]!;
  if (!isServiceId(id)) return usage(t('ServicesManage.serviceUnknown', { name: id, names: SERVICE_IDS.join(', ') }));
  const lines = linesOption === undefined ? 100 : /^\d{1,4}$/.test(linesOption) ? Number(linesOption) : Number.NaN;
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_LOG_LINES) return usage(t('ServicesManage.linesInvalid').replace(/^lines/, '--lines'));
  const log = await readServiceLog(readConsoleEnv().dataDir, id, lines);
  process.stdout.write(json ? `${JSON.stringify({ id, lines: log }, null, 2)}\n` : log.map((line) => `${line}\n`).join(''));
  return EXIT_OK;
}

export async function servicesCommand(argv: string[]): Promise<number> {
  let parsed: { values: { json?: boolean; help?: boolean; lines?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, lines: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${SERVICES_HELP}\n`);
    return EXIT_OK;
  }
  const [action, ...rest] = positionals;
  if (action === 'logs') return showLogs(rest, values.json ?? false, values.lines);
  if (action === 'credentials') return servicesCredentialsCommand(rest, values.json ?? false);
  if (action !== undefined) return usage(`Unknown command "services ${action}".`);
  if (values.lines !== undefined) return usage('--lines is an option of "services logs".');
  return showServices(values.json ?? false);
}
