import 'server-only';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { passwordProblem } from './password-policy';
import { createRootPassword, PasswordFileError, readPasswordRecord } from './password-store';
import { loadSessionKey } from './session-key';
import { deleteSetupToken, mintSetupToken } from './setup-token';

// Runs once as the server starts (instrumentation.ts). With no root password yet: seed it from
// CONSOLE_ROOT_PASSWORD if set, else print the one-time setup URL — the only way to set it from a browser.

export type FirstStartOutcome = 'password-exists' | 'seeded' | 'setup-url' | 'password-file-unusable' | 'skipped';

export async function prepareRootAccess(env: ConsoleEnv = readConsoleEnv(), log: (line: string) => void = console.log): Promise<FirstStartOutcome> {
  if (env.isBuild) return 'skipped';
  await loadSessionKey(env); // made now rather than by the first racing requests
  try {
    if (await readPasswordRecord(env)) {
      await deleteSetupToken(env);
      return 'password-exists';
    }
  } catch (error) {
    if (!(error instanceof PasswordFileError)) throw error;
    // Never offer a setup URL over a broken password file: that would hand the console to whoever reads the log.
    console.error(error.message);
    return 'password-file-unusable';
  }
  if (env.rootPasswordSeed !== null) {
    const problem = passwordProblem(env.rootPasswordSeed);
    if (problem === null) {
      if (await createRootPassword(env.rootPasswordSeed, env)) log('Management Console: root password set from CONSOLE_ROOT_PASSWORD.');
      return 'seeded';
    }
    console.error(`Management Console: CONSOLE_ROOT_PASSWORD was not used (${problem}: at least 12 characters, no control characters).`);
  }
  const token = await mintSetupToken(env);
  log(`Management Console: no root password is set. Set it within this run at ${env.publicUrl}/setup?token=${token}`);
  return 'setup-url';
}
