import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Integration-test helper: `next start` of the production build on a free loopback port, with its own
// data directory. Stopped by its PID only; its output is kept for the leak checks.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

export interface ConsoleServer {
  url: string;
  dataDir: string;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL, as a power cut would: no handler runs. Waits for the exit. */
  kill: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function tempDataDir(label: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `console-${label}-`));
}

/** process.env without a developer's CONSOLE_* settings, which would change what is being tested. */
function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONSOLE_')));
}

// Next prints this once its server listens. A free port can be taken by another process (a registry
// another console starts) between freePort() and the bind; without this line, that process's answer
// (a 404) counted as this console being ready.
const READY_LINE = /Ready in \d/;
const PORT_TAKEN = /EADDRINUSE/;
const PORT_ATTEMPTS = 3;

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (READY_LINE.test(output())) {
      try {
        const response = await fetch(`${url}/en/login`, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
        if (response.status < 500) return;
      } catch {
        // listening, not answering yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`console at ${url} did not become ready`);
}

/** `pickPort`: where to try first (a test of this helper hands it a port another process holds). */
export async function startConsole(dataDir: string, env: Record<string, string> = {}, pickPort: () => Promise<number> = freePort): Promise<ConsoleServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startConsoleOn(await (attempt === 1 ? pickPort() : freePort()), dataDir, env);
    } catch (error) {
      if (attempt === PORT_ATTEMPTS || !PORT_TAKEN.test((error as Error).message)) throw error;
    }
  }
}

async function startConsoleOn(port: number, dataDir: string, env: Record<string, string>): Promise<ConsoleServer> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    // Each console's services on free ports: tests run several consoles at once.
    env: { ...baseEnv(), NODE_ENV: 'production', CONSOLE_DATA_DIR: dataDir, PORT: String(port), CONSOLE_CONTAINER_REGISTRY_PORT: '0', CONSOLE_NPM_PORT: '0', CONSOLE_BUILD_CACHE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close' follows the exit once the child's output is read to its end: its error (EADDRINUSE) included.
  const closed = once(child, 'close').catch(() => undefined);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(url, child, () => output, Date.now() + 30_000);
  } catch (error) {
    await stop();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return { url, dataDir, pid: child.pid ?? -1, output: () => output, stop, kill };
}

/** Signs in through the API; returns the Cookie header value to send afterwards. */
export async function signIn(server: ConsoleServer, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
    signal: AbortSignal.timeout(10_000),
  });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('console_session='));
  if (response.status !== 200 || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0] ?? '';
}
