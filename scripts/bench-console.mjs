// Shared by the bench:* scripts that need a console: the production build (built if missing), served by
// `next start` on a free loopback port with its own data directory and a seeded root password.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NEXT_BIN = 'node_modules/next/dist/bin/next';

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitFor(url, deadline = Date.now() + 30_000) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

/**
 * @param {{ rootPassword?: string, label: string, prepare?: (env: NodeJS.ProcessEnv) => void }} options
 * Without `rootPassword` the console starts unset and prints its one-time setup URL (see `log`).
 * `prepare` runs with the console's environment before it starts (e.g. to seed settings with the cli).
 */
export async function startBenchConsole({ rootPassword, label, prepare }) {
  if (!existsSync('.next/BUILD_ID')) execFileSync('npx', ['next', 'build'], { stdio: 'inherit' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  const env = { ...process.env, NODE_ENV: 'production', CONSOLE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  if (rootPassword) env.CONSOLE_ROOT_PASSWORD = rootPassword;
  else delete env.CONSOLE_ROOT_PASSWORD;
  const stop = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    prepare?.(env);
  } catch (error) {
    stop();
    throw error;
  }
  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let log = '';
  server.stdout.on('data', (chunk) => (log += chunk));
  // The data directory goes once the console has exited: it writes its services' status as it stops.
  const close = () => {
    const exited = server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    return exited.then(stop);
  };
  try {
    await waitFor(`${base}/status`);
  } catch (error) {
    close();
    throw error;
  }
  return { base, close, log: () => log };
}
