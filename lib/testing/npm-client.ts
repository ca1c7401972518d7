import { execFile, spawn } from 'node:child_process';
import path from 'node:path';

// The stock npm client against a test registry: its own userconfig, cache and HOME in a temp
// directory (never ~/.npmrc), and an environment without the caller's npm_config_* settings.

export interface NpmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface NpmClient {
  userconfig: string;
  run(args: string[], cwd: string): Promise<NpmResult>;
  /** `npm adduser --auth-type=legacy`, answering its prompts on a pseudo-terminal (`script`). */
  adduser(user: string, password: string, email: string): Promise<NpmResult>;
  /** `npm login --auth-type=legacy` for an account the registry already has (no sign-up), the same way. */
  login(user: string, password: string): Promise<NpmResult>;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function npmClient(dir: string, registry: string, timeoutMs = 60_000): NpmClient {
  const userconfig = path.join(dir, 'npmrc');
  const common = ['--registry', registry, '--userconfig', userconfig, '--cache', path.join(dir, 'cache'), '--no-audit', '--no-fund', '--no-update-notifier'];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(dir, 'home'), TERM: 'dumb', NO_COLOR: '1', NODE_ENV: 'production' } as const;
  return {
    userconfig,
    run: (args, cwd) =>
      new Promise((resolve) => {
        execFile('npm', [...args, ...common], { cwd, env, timeout: timeoutMs }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
    adduser: (user, password, email) => prompted('adduser', [[/Username:\s*$/, user], [/Password:\s*$/, password], [/Email[^:]*:\s*$/, email]]),
    login: (user, password) => prompted('login', [[/Username:\s*$/, user], [/Password:\s*$/, password]]),
  };

  function prompted(verb: 'adduser' | 'login', answers: [RegExp, string][]): Promise<NpmResult> {
    return new Promise((resolve) => {
      // npm reads the password only from a terminal; `script` gives it one. The password goes to its stdin, not argv.
      const command = ['npm', verb, '--auth-type=legacy', ...common].map(shellQuote).join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const next = answers[0];
        if (next && next[0].test(stdout)) {
          answers.shift();
          child.stdin.write(`${next[1]}\r`);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        child.stdin.destroy();
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
  }
}
