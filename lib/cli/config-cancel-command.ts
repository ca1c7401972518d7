import 'server-only';
import { parseArgs } from 'node:util';
import { requestCancel } from '@/lib/config-run/run-cancel';
import { isRunId } from '@/lib/config-run/types';
import { readConsoleEnv } from '@/lib/env';
import { EXIT_UNKNOWN } from './exit-codes';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';

export const CONFIG_CANCEL_HELP = `Usage: cli config cancel RUN

Cancels configuration run RUN, wherever it runs (the console, the Manage API or another CLI): it
stops at its next step (a copy of the packages at once), records the phase as cancelled, and the
storage in force stays unchanged. A cancelled move can be continued with "cli config apply --resume RUN".

Options:
  -h, --help   show this help

Exit status: 0 cancellation requested, 1 the run has already finished, 2 usage error, 4 no such run.`;

export async function configCancelCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${CONFIG_CANCEL_HELP}\n`);
    return EXIT_OK;
  }
  const [runId, ...extra] = positionals;
  if (runId === undefined || extra.length > 0 || !isRunId(runId)) {
    process.stderr.write(`config cancel: give one run ID (16 hexadecimal digits).\n\n${CONFIG_CANCEL_HELP}\n`);
    return EXIT_USAGE;
  }
  const outcome = await requestCancel(readConsoleEnv(), runId);
  if (outcome === 'not-found') {
    process.stderr.write(`config cancel: there is no configuration run ${runId}.\n`);
    return EXIT_UNKNOWN;
  }
  if (outcome === 'not-running') {
    process.stderr.write(`config cancel: run ${runId} has already finished: there is nothing to cancel.\n`);
    return EXIT_FAILED;
  }
  process.stdout.write(`Cancellation of run ${runId} requested: it stops at its next step and the storage in force stays unchanged.\n`);
  return EXIT_OK;
}
