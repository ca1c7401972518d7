import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './console-server';

// The CLI as an operator or a script runs it: a real process from the repository root, with stdin
// fed and closed (the secret and set-password read it), killed if it hangs.

export const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
export const CLI_ENTRY = ['--conditions=react-server', 'lib/cli/main.ts'];
/** What `npm run -s cli` runs (package.json): the bundled command line, built again when its sources change. */
export const CLI_COMMAND = [process.execPath, '--conditions=react-server', path.join(ROOT, 'scripts/cli.mjs')];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- ...args` directly (no npm in between), with `env` laid over this process's. */
export function runCli(args: string[], { env = {}, stdin = '' }: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> {
  const [node, ...entry] = CLI_COMMAND;
  const child = spawn(node!, [...entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
