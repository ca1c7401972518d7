import 'server-only';
import { configCommand } from './config-command';
import { metricsCommand } from './metrics-token-command';
import { servicesCommand } from './services-command';
import { runCommand } from './settle-guard';
import { setPasswordCommand } from './set-password-command';
import { STORAGE_CHECK_HELP, storageCheckCommand } from './storage-check-command';
import { storageHealthCommand } from './storage-health-command';
import { storageMigrateCommand } from './storage-migrate-command';
import { unlockCommand } from './unlock-command';
import { EXIT_OK, EXIT_USAGE } from './usage-error';

// Entry point: `npm run -s cli -- storage check ...` (tsx with the react-server condition, so
// server-only modules load outside Next.js).

// The SDK warns once per process that Node 20 support ends in 2027. package.json still targets
// Node >= 20.9, so the warning is noise in a command's output; the operator's own value wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MAIN_HELP = `Usage: cli <command> [options]

Commands:
  config           get, set, list and apply the packages settings; move the packages with
                   "config apply --migrate" (run "cli config --help")
  storage check    prove storage credentials work for GitHub Packages (every storage type: --type)
  storage health   the latest health check of the storage in force
  storage migrate  what moving the storage would copy, per ecosystem (--dry-run: lists only;
                   the move itself is "config apply --migrate")
  metrics token    create, rotate, revoke or show the token Prometheus scrapes /metrics with
  services         the packages services' state and how users connect; services logs NAME
  set-password     set or reset the root site administrator password (read from stdin)
  unlock           clear the login lockout after too many failed sign-in attempts

Run "cli <command> --help" for a command's options.`;

const STORAGE_HELP = `Usage: cli storage <command> [options]

Commands:
  check    prove storage credentials work for GitHub Packages (every storage type: --type)
  health   the latest health check of the storage in force
  migrate  what moving the storage would copy, per ecosystem (--dry-run: lists only; the move
           itself is "cli config apply --migrate")

${STORAGE_CHECK_HELP.split('\n')[0]}`;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || isHelp(group)) {
    (group === undefined ? process.stderr : process.stdout).write(`${MAIN_HELP}\n`);
    return group === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (group === 'config') return configCommand([command, ...rest].filter((arg) => arg !== undefined));
  if (group === 'set-password') return setPasswordCommand([command, ...rest].filter((arg) => arg !== undefined));
  if (group === 'metrics') return metricsCommand([command, ...rest].filter((arg) => arg !== undefined));
  if (group === 'services') return servicesCommand([command, ...rest].filter((arg) => arg !== undefined));
  if (group === 'unlock') return unlockCommand([command, ...rest].filter((arg) => arg !== undefined));
  if (group !== 'storage') {
    process.stderr.write(`Unknown command group "${group}".\n\n${MAIN_HELP}\n`);
    return EXIT_USAGE;
  }
  if (command === undefined || isHelp(command)) {
    (command === undefined ? process.stderr : process.stdout).write(`${STORAGE_HELP}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === 'check') return storageCheckCommand(rest);
  if (command === 'health') return storageHealthCommand(rest);
  if (command === 'migrate') return storageMigrateCommand(rest);
  process.stderr.write(`Unknown command "storage ${command}".\n\n${STORAGE_HELP}\n`);
  return EXIT_USAGE;
}

runCommand(main(process.argv.slice(2)), (error) => {
  // Only the error's name and message: a stack trace from the SDK could include request details.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`cli: ${text}\n`);
});
