import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { createFileExclusive } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';

// The key iron-session seals session cookies with: CONSOLE_SESSION_SECRET, else <data>/session.key
// (32 random bytes as base64, mode 0600, made on first use). Deleting the file ends every session.

const KEY_FILE_CONTENT = /^[A-Za-z0-9+/]{43}=\r?\n?$/;

export class SessionKeyError extends Error {
  override name = 'SessionKeyError';
}

export function sessionKeyPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'session.key');
}

// Read on every request (proxy and page): from cache while the file is unchanged; a deleted file is seen at once.
const readKeyFile = cachedFileReader((content, _stat, file) => {
  if (!KEY_FILE_CONTENT.test(content)) throw new SessionKeyError(`Session key file ${file} must hold 32 bytes as base64; delete it to make a new one (this ends all sessions)`);
  return content.trim();
}, { readError: (code, file) => new SessionKeyError(`Session key file ${file} cannot be read (${code})`) });

/** The iron-session password (at least 32 characters). */
export async function loadSessionKey(env: ConsoleEnv): Promise<string> {
  if (env.sessionSecret) return env.sessionSecret;
  const file = sessionKeyPath(env);
  const existing = await readKeyFile(file);
  if (existing) return existing;
  await ensureDataDir(env);
  // Racing creators (two requests at the first start) agree on whichever file was linked first.
  await createFileExclusive(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const created = await readKeyFile(file);
  if (!created) throw new SessionKeyError(`Session key file ${file} disappeared while being created`);
  return created;
}
