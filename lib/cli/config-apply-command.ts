import 'server-only';
import { parseArgs } from 'node:util';
import { localizeRun } from '@/lib/config-run/localize-run';
import type { RunRequest } from '@/lib/config-run/phases';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { EXIT_BUSY } from './exit-codes';
import { plainPrinter, settingsKeyOf, ttyPrinter } from './run-output';
import { runText } from './run-messages';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';

export const CONFIG_APPLY_HELP = `Usage: cli config apply [--json]

Applies the saved settings in a configuration run: validate settings, check storage, write settings,
apply to the packages service, verify. Only one run at a time, shared with the console and the
Manage API. If a phase fails, the previously applied configuration stays in force.

Shows a progress bar on a terminal, and one line per phase change otherwise.

Options:
  --json       print only the finished run as one JSON object
  -h, --help   show this help

Exit status: 0 applied, 1 the run failed, 2 usage error, 3 another configuration run is in progress.`;

export async function configApplyCommand(args: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`config apply: ${error instanceof Error ? error.message : String(error)}\n\n${CONFIG_APPLY_HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    process.stdout.write(`${CONFIG_APPLY_HELP}\n`);
    return EXIT_OK;
  }
  return followRun('apply', { kind: 'apply' }, values.json === true);
}

/** Runs a configuration run with a progress display (or one JSON object with `json`); the exit status says how it ended. */
export async function followRun(command: string, request: RunRequest, json: boolean): Promise<number> {
  const printer = json ? null : process.stdout.isTTY ? ttyPrinter(process.stdout) : plainPrinter(process.stdout);
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
    else {
      const { id, state, settingsVersion, summary, phases, errors } = localizeRun(run, runText);
      process.stdout.write(`${JSON.stringify({ run_id: id, state, settings_version: settingsVersion, summary, phases: phases.map(({ name, state: s, error }) => ({ name, state: s, error })), errors: errors.map((issue) => ({ ...issue, field: settingsKeyOf(issue.field) })) })}\n`);
    }
    return run.state === 'succeeded' ? EXIT_OK : EXIT_FAILED;
  } finally {
    process.off('SIGINT', cancel);
  }
}
