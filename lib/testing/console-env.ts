import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';

// Unit-test helper: an env built from scratch (never process.env) over a fresh temp data directory.

export async function tempConsoleEnv(vars: Record<string, string> = {}): Promise<{ env: ConsoleEnv; dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'console-auth-'));
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dir, ...vars });
  return { env, dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}
