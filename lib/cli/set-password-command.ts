import 'server-only';
import { parseArgs } from 'node:util';
import { MAX_PASSWORD_CHARACTERS, MIN_PASSWORD_CHARACTERS, passwordProblem } from '@/lib/auth/password-policy';
import { replaceRootPassword } from '@/lib/auth/password-store';
import { deleteSetupToken } from '@/lib/auth/setup-token';
import { readConsoleEnv } from '@/lib/env';
import { authText } from './messages';
import { promptHidden, readAll } from './read-secret';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage-error';

export const SET_PASSWORD_HELP = `Usage: cli set-password

Sets or resets the root site administrator password of the Management Console.

The password is read from stdin: on a terminal it is asked for twice without echo; otherwise the
first line of stdin is used. It is never accepted as an argument: arguments are visible to other
users and kept in shell history. At least ${MIN_PASSWORD_CHARACTERS} characters.

Changing the password ends every console session. It does not clear a login lockout: run
"cli unlock" for that.

Options:
  -h, --help   show this help

Exit status: 0 password set, 1 failure, 2 usage error (such as a password that is too short).`;

async function readNewPassword(stdin: NodeJS.ReadStream): Promise<string> {
  if (!stdin.isTTY) return (await readAll(stdin)).split(/\r?\n/)[0] ?? '';
  const first = await promptHidden(stdin, 'New root password: ');
  const second = await promptHidden(stdin, 'Repeat it: ');
  if (first !== second) throw new UsageError(authText('passwordMismatch'), 'passwordMismatch', 'password');
  return first;
}

export async function setPasswordCommand(args: string[], stdin: NodeJS.ReadStream = process.stdin): Promise<number> {
  let help = false;
  try {
    ({ values: { help = false } } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${SET_PASSWORD_HELP}\n`);
    return EXIT_USAGE;
  }
  if (help) {
    process.stdout.write(`${SET_PASSWORD_HELP}\n`);
    return EXIT_OK;
  }
  const env = readConsoleEnv();
  let password: string;
  try {
    password = await readNewPassword(stdin);
    const problem = passwordProblem(password);
    if (problem) throw new UsageError(authText(problem, { min: String(MIN_PASSWORD_CHARACTERS), max: String(MAX_PASSWORD_CHARACTERS) }), problem, 'password');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`set-password: ${error.message}\n`);
    return EXIT_USAGE;
  }
  await replaceRootPassword(password, env);
  await deleteSetupToken(env); // a pending first-start URL must not be able to set another one
  process.stdout.write(`Root password set (${env.dataDir}). Every console session has ended; sign in with the new password.\n`);
  return EXIT_OK;
}
