import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';

// The one-time token in the setup URL printed at a first start. Only its SHA-256 is stored
// (<data>/setup-token.json, 0600): the data directory never holds a usable token. Each start without
// a password mints a new one, replacing the last; setting the password deletes it.

const fileSchema = z.object({ format: z.literal(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() });
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function tokenFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'setup-token.json');
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export async function mintSetupToken(env: ConsoleEnv): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await ensureDataDir(env);
  const content = JSON.stringify({ format: 1, sha256: digest(token).toString('hex'), createdAt: new Date().toISOString() });
  await writeFileAtomic(tokenFilePath(env), `${content}\n`, { mode: 0o600 });
  return token;
}

export async function isValidSetupToken(token: unknown, env: ConsoleEnv): Promise<boolean> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return false;
  let stored: z.infer<typeof fileSchema>;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await fs.readFile(tokenFilePath(env), 'utf8')));
    if (!parsed.success) return false;
    stored = parsed.data;
  } catch {
    return false;
  }
  return timingSafeEqual(digest(token), Buffer.from(stored.sha256, 'hex'));
}

export async function deleteSetupToken(env: ConsoleEnv): Promise<void> {
  await fs.rm(tokenFilePath(env), { force: true });
}
