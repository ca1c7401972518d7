import 'server-only';
import { parseArgs } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import { describeHealth, serviceProbeJson } from '@/lib/health/describe-health';
import { readHealthHistory } from '@/lib/health/history-store';
import { EXIT_UNKNOWN } from './exit-codes';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';
import { runText } from './run-messages';

export const STORAGE_HEALTH_HELP = `Usage: cli storage health [--json]

Prints the latest health check of the packages storage in force and of the packages services
set to Enabled or Read-Only, as the running console recorded it in the data directory (it checks every $CONSOLE_HEALTH_INTERVAL_SECONDS and after
each successful configuration run).

Options:
  --json        print one JSON object: {state, cause, checked_at, operations, certificate_expires_at, services}
  -h, --help    show this help

Exit status: 0 healthy, 1 failing or degraded, 2 usage error, 4 unknown (nothing in force or not checked yet).`;

const t = runText;

export async function storageHealthCommand(argv: string[]): Promise<number> {
  let values: { json: boolean; help: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${STORAGE_HEALTH_HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    process.stdout.write(`${STORAGE_HEALTH_HELP}\n`);
    return EXIT_OK;
  }
  const view = describeHealth((await readHealthHistory(readConsoleEnv())).records.at(-1), t);
  if (values.json) {
    const operations = view.operations.map(({ operation, status, code, message, latencyMs }) => ({ operation, status, code, message, latency_ms: latencyMs }));
    const body = { state: view.state, cause: view.cause, checked_at: view.checkedAt, operations, certificate_expires_at: view.certificateExpiresAt, services: view.services.map(serviceProbeJson) };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const lines = [`Storage: ${view.stateLabel}${view.checkedAt ? ` (checked ${view.checkedAt})` : ''}`, view.cause.message];
    for (const operation of view.operations) {
      const latency = operation.latencyMs === null ? '' : ` ${operation.latencyMs} ms`;
      lines.push(`  ${operation.label}: ${t(`StorageHealth.statuses.${operation.status}`)}${latency}${operation.message ? ` - ${operation.message}` : ''}`);
    }
    if (view.certificateExpiresAt) lines.push(`TLS certificate expires ${view.certificateExpiresAt}`);
    if (view.services.length > 0) lines.push('Packages services:');
    for (const probe of view.services) {
      lines.push(`  ${probe.name}: ${probe.statusLabel} ${probe.latencyMs} ms, ${probe.stateLabel}${probe.message ? ` - ${probe.message}` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (view.state === 'healthy') return EXIT_OK;
  return view.state === 'unknown' ? EXIT_UNKNOWN : EXIT_FAILED;
}
