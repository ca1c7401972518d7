import fs from 'node:fs/promises';
import type { ConsoleEnv } from '@/lib/env';

export async function ensureDataDir(env: Pick<ConsoleEnv, 'dataDir'>): Promise<void> {
  // 0700: the directory holds the key files and the sealed secrets.
  await fs.mkdir(env.dataDir, { recursive: true, mode: 0o700 });
}
