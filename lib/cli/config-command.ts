import 'server-only';
import { SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { CONFIG_APPLY_HELP, configApplyCommand } from './config-apply-command';
import { configCancelCommand } from './config-cancel-command';
import { configDiffCommand, configHistoryCommand, configRestoreCommand } from './config-history-commands';
import { configGetCommand, configListCommand, configSetCommand } from './config-keys-commands';
import { validationText } from './messages';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error';

export const CONFIG_HELP = `Usage: cli config <command> [options]

Commands:
  get KEY          print one saved setting
  set KEY VALUE    save one setting (the secret key from stdin)
  list             print every setting, the secret key masked
  apply            apply the saved settings in a configuration run (--migrate: move the packages too)
  cancel RUN       cancel a running configuration run
  history          the kept settings versions and what changed in each
  diff A B         what changed from version A to version B
  restore N        save and apply a new version equal to version N

Run "cli config <command> --help" for a command's options.

Exit status: 0 success, 1 failure, 2 usage error, 3 a configuration run is in progress,
4 no such run (cancel), 130 a run cancelled with Ctrl-C.
${CONFIG_APPLY_HELP.split('\n')[0]}`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  get: configGetCommand,
  set: configSetCommand,
  list: configListCommand,
  apply: configApplyCommand,
  cancel: configCancelCommand,
  history: configHistoryCommand,
  diff: configDiffCommand,
  restore: configRestoreCommand,
};

/** `cli config …`: usage errors exit 2 with the reason, an unreadable settings file exits 1 naming it. */
export async function configCommand(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? process.stderr : process.stdout).write(`${CONFIG_HELP}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`Unknown command "config ${command}".\n\n${CONFIG_HELP}\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof SettingsFileError) {
      process.stderr.write(`config ${command}: ${validationText(settingsFileMessageCode(error), { path: error.path })}\n`);
      return EXIT_FAILED;
    }
    const usage = error instanceof UsageError ? error : isParseArgsError(error) ? new UsageError((error as Error).message) : null;
    if (!usage) throw error;
    process.stderr.write(`config ${command}: ${usage.message}\nRun "cli config ${command} --help" for usage.\n`);
    return EXIT_USAGE;
  }
}

function isParseArgsError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && (error as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');
}
