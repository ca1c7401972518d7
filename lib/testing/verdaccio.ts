import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT } from './console-server';

// Real Verdaccio 6.8 for integration tests: the packages services' own install (scripts/services,
// installed by scripts/services.sh), on 127.0.0.1 and a free port, with a plugins directory.

const BIN = path.join(ROOT, 'scripts/services/node_modules/verdaccio/bin/verdaccio');
const run = promisify(execFile);

export async function ensureVerdaccio(): Promise<string> {
  await run('bash', [path.join(ROOT, 'scripts/services.sh'), 'install'], { timeout: 600_000 });
  return BIN;
}

export interface VerdaccioSetup {
  /** Holds config.yaml, htpasswd and the (unused) local storage folder; reused across restarts. */
  dir: string;
  pluginsDir: string;
  /** The plugin's section under `store.azure-blob-storage`. */
  store: Record<string, unknown>;
  /** The child's whole environment besides PATH and HOME (the connection string goes here). */
  env: Record<string, string>;
  /** Who may read packages (default `$authenticated`); `$all` makes it a public registry, as an upstream is. */
  access?: '$all' | '$authenticated';
}

export interface VerdaccioRun {
  url: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

function configYaml(setup: VerdaccioSetup): string {
  // JSON is YAML: no hand-written quoting.
  const config = {
    storage: path.join(setup.dir, 'storage'),
    plugins: setup.pluginsDir,
    store: { 'azure-blob-storage': setup.store },
    auth: { htpasswd: { file: path.join(setup.dir, 'htpasswd'), max_users: 10 } },
    uplinks: {},
    packages: { '**': { access: setup.access ?? '$authenticated', publish: '$authenticated', unpublish: '$authenticated' } },
    web: { enable: false },
    log: { type: 'stdout', format: 'json', level: 'info' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts Verdaccio; resolves once /-/ping answers, or with the exit code if it stops first. */
export async function startVerdaccio(setup: VerdaccioSetup, deadlineMs = 60_000): Promise<VerdaccioRun & { exitCode: number | null }> {
  const bin = await ensureVerdaccio();
  await mkdir(setup.dir, { recursive: true });
  const configPath = path.join(setup.dir, 'config.yaml');
  await writeFile(configPath, configYaml(setup), { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [bin, '--config', configPath, '--listen', `127.0.0.1:${port}`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: setup.dir, NODE_ENV: 'production', ...setup.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  const handle = { url, child, log: () => output, stop };
  const deadline = Date.now() + deadlineMs;
  let stopped = false;
  const exit = exited(child).then((code) => ((stopped = true), code));
  while (!stopped && Date.now() < deadline) {
    const ok = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return { ...handle, exitCode: null };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (stopped) return { ...handle, exitCode: await exit };
  await stop();
  throw new Error(`Verdaccio did not answer within ${deadlineMs} ms:\n${output.slice(-3000)}`);
}
