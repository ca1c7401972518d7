import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { statOrNull } from '@/lib/fs/cached-file';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';

// Logged-out session ids, one empty file each under <data>/revoked-sessions/, so a copy of a cookie
// stops working at logout instead of at its expiry. A file per id can't be half-written or parsed
// wrong, and a lookup is one stat. Ids are checked to be hex before they become a path.

const SESSION_ID = /^[0-9a-f]{32}$/;
const KEEP_MS = 8 * 24 * 60 * 60 * 1000;

function revokedDir(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'revoked-sessions');
}

// Checked on every signed-in request (proxy and page), so never cached: one stat, which does not throw
// (no error object with a stack trace) when the id is not revoked, the usual case.
export async function isSessionRevoked(sid: string, env: ConsoleEnv): Promise<boolean> {
  if (!SESSION_ID.test(sid)) return true;
  return statOrNull(path.join(revokedDir(env), sid)) !== null;
}

/** Revokes `sid` and forgets ids old enough that their sessions would have expired anyway. */
export async function revokeSession(sid: string, env: ConsoleEnv, now = Date.now()): Promise<void> {
  if (!SESSION_ID.test(sid)) return;
  await ensureDataDir(env);
  const dir = revokedDir(env);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, sid), '', { mode: 0o600 });
  // Longer than the longest allowed session (7 days), whatever the lifetime is configured to later.
  const horizon = now - KEEP_MS;
  for (const name of await fs.readdir(dir)) {
    if (!SESSION_ID.test(name)) continue;
    const stat = await fs.stat(path.join(dir, name)).catch(() => null);
    if (stat && stat.mtimeMs < horizon) await fs.rm(path.join(dir, name), { force: true });
  }
}
