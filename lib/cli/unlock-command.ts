import 'server-only';
import { parseArgs } from 'node:util';
import { clearLockout } from '@/lib/auth/lockout';
import { readConsoleEnv } from '@/lib/env';
import { EXIT_OK, EXIT_USAGE } from './usage-error';

export const UNLOCK_HELP = `Usage: cli unlock

Clears the Management Console login lockout (10 failed sign-in attempts from one address within
10 minutes lock sign-in from that address, for the console and the Manage API) for every address,
and the slowdown that failures from many addresses cause, so the root site administrator can sign in
again at once. Takes effect immediately, also for a console that is running.

Options:
  -h, --help   show this help

Exit status: 0 cleared (or nothing to clear), 1 failure, 2 usage error.`;

export async function unlockCommand(args: string[]): Promise<number> {
  let help = false;
  try {
    ({ values: { help = false } } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${UNLOCK_HELP}\n`);
    return EXIT_USAGE;
  }
  if (help) {
    process.stdout.write(`${UNLOCK_HELP}\n`);
    return EXIT_OK;
  }
  const env = readConsoleEnv();
  const cleared = await clearLockout(env);
  process.stdout.write(
    cleared > 0 ? `Login lockout cleared: ${cleared} recent failed attempts forgotten (${env.dataDir}).\n` : `No failed sign-in attempts to clear (${env.dataDir}).\n`,
  );
  return EXIT_OK;
}
