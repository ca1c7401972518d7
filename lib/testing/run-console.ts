import { startConsole, type ConsoleServer } from './console-server';

// The console the configuration-run integration tests drive: root password seeded (the auth
// branch's CONSOLE_ROOT_PASSWORD contract) for the Manage API's basic auth.

export const ROOT_PASSWORD = 'integration root password 0123';

/** `env`: more of the console's environment (a test's DNS table for the services, PACKAGES_CONSOLE_TEST_LOOKUP). */
export function startRunConsole(dataDir: string, env: Record<string, string> = {}): Promise<ConsoleServer> {
  return startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, CONSOLE_CHECK_TIMEOUT_MS: '10000', ...env });
}
