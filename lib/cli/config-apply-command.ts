import 'server-only';
import { parseArgs } from 'node:util';
import { localizeRun } from '@/lib/config-run/localize-run';
import type { RunRequest } from '@/lib/config-run/phases';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { isRunId } from '@/lib/config-run/types';
import { EXIT_BUSY, EXIT_INTERRUPTED } from './exit-codes';
import { plainPrinter, ttyPrinter, type RunPrinter } from './run-output';
import { runText } from './run-messages';
import { jsonLinesPrinter, runJson } from './run-progress';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';

export const CONFIG_APPLY_HELP = `Usage: cli config apply [--migrate | --resume RUN] [--json]

Applies the saved settings in a configuration run: validate settings, check storage, write settings,
apply to the packages service, verify. Only one run at a time, shared with the console and the
Manage API. If a phase fails, the previously applied configuration stays in force.

With --migrate, when the saved storage differs from the storage in force, the run first moves the
packages: inventory, copy, verify the copy, then a final copy while uploads are held, and only then
switches. "cli storage migrate --dry-run" shows what would be copied.

Shows a progress bar on a terminal (with the copy's percent, objects, bytes, rate and time left),
and one line per phase change otherwise (and the copy's progress every few seconds).
Ctrl-C cancels the run at its next step: it is recorded as cancelled and the storage in force stays.

Options:
  --migrate     move the packages from the storage in force to the saved storage, then switch
  --resume RUN  continue the copy of failed run RUN: objects already proven are not copied again
  --json        print only the finished run as one JSON object; with --migrate or --resume, JSON
                lines: {"type":"update",...} for each change of the run, then {"type":"result",...}
  -h, --help    show this help

Exit status: 0 applied, 1 the run failed, 2 usage error, 3 another configuration run is in progress,
130 cancelled with Ctrl-C.`;

function usage(message: string): number {
  process.stderr.write(`config apply: ${message}\n\n${CONFIG_APPLY_HELP}\n`);
  return EXIT_USAGE;
}

export async function configApplyCommand(args: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean; migrate?: boolean; resume?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, migrate: { type: 'boolean' }, resume: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${CONFIG_APPLY_HELP}\n`);
    return EXIT_OK;
  }
  if (values.migrate && values.resume !== undefined) return usage('--migrate and --resume exclude each other: resuming a run continues its move of the packages.');
  if (values.resume !== undefined && !isRunId(values.resume)) return usage(`--resume needs the ID of a configuration run (16 hexadecimal digits), not "${values.resume}".`);
  const request: RunRequest = { kind: 'apply', ...(values.migrate ? { migrate: true } : {}), ...(values.resume !== undefined ? { resume: values.resume } : {}) };
  return followRun('apply', request, values.json === true);
}

/** A move of the packages prints JSON lines under --json (it may run for hours); other runs one object. */
const movesPackages = (request: RunRequest) =>
  (request.kind === 'apply' && (request.migrate === true || request.resume !== undefined)) || (request.kind === 'restore' && request.copyPackages === true);

/** Runs a configuration run with a progress display (or JSON with `json`); the exit status says how it ended. */
export async function followRun(command: string, request: RunRequest, json: boolean): Promise<number> {
  const lines = json && movesPackages(request) ? jsonLinesPrinter(process.stdout) : null;
  const printer: RunPrinter | null = json ? lines : process.stdout.isTTY ? ttyPrinter(process.stdout) : plainPrinter(process.stdout);
  // Ctrl-C cancels the run at its next step instead of leaving it to be found interrupted.
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const started = await startConfigRun(request, { source: 'cli', actor: 'cli', signal: controller.signal, onUpdate: (run) => printer?.update(run) });
    if (started.kind === 'busy') {
      process.stderr.write(`config ${command}: ${runText('ConfigRun.runInProgress')} (run ${started.runId})\n`);
      return EXIT_BUSY;
    }
    const run = await started.finished;
    if (printer) printer.finish(run);
    else process.stdout.write(`${JSON.stringify(runJson(localizeRun(run, runText)))}\n`);
    if (run.state === 'succeeded') return EXIT_OK;
    return controller.signal.aborted ? EXIT_INTERRUPTED : EXIT_FAILED;
  } finally {
    process.off('SIGINT', cancel);
  }
}
