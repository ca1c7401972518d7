import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { createFileExclusive, writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { hashPassword, verifyPasswordHash } from './password-hash';

// The root site administrator's password: one scrypt hash in <data>/root-password.json (0600).
// `epoch` goes up with every change and is sealed into each session, so changing the password
// ends every session made with an older one.

const FORMAT = 1;

const recordSchema = z.object({
  format: z.literal(FORMAT),
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(32).max(128),
  salt: z.string().min(16),
  hash: z.string().min(32),
  epoch: z.number().int().min(1),
  updatedAt: z.iso.datetime(),
});
export type PasswordRecord = z.infer<typeof recordSchema>;

/** The password file exists but cannot be used; logins fail closed until an operator runs `cli set-password`. */
export class PasswordFileError extends Error {
  override name = 'PasswordFileError';
  constructor(readonly path: string, detail: string) {
    super(`Root password file ${path} is unusable: ${detail}. Reset it with: npm run -s cli -- set-password`);
  }
}

export function passwordFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'root-password.json');
}

// Read by every session check and password check: parsed again only when the file changed (a new
// password replaces the file, so it takes effect, and ends older sessions, at the next request).
const readRecordFile = cachedFileReader((raw, _stat, file) => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new PasswordFileError(file, 'not valid JSON');
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) throw new PasswordFileError(file, 'unexpected content');
  return parsed.data;
}, { readError: (code, file) => new PasswordFileError(file, code) });

/** The stored record, or null when no password was ever set. */
export async function readPasswordRecord(env: ConsoleEnv = readConsoleEnv()): Promise<PasswordRecord | null> {
  return readRecordFile(passwordFilePath(env));
}

async function serialize(password: string, epoch: number): Promise<string> {
  const hashed = await hashPassword(password);
  const record: PasswordRecord = { format: FORMAT, algorithm: 'scrypt', ...hashed, epoch, updatedAt: new Date().toISOString() };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Sets the first password. Returns null if one exists already: two racing setups (or a setup and the
 * CLI) can never both win, because the file is created with link(2), which refuses to replace.
 */
export async function createRootPassword(password: string, env: ConsoleEnv = readConsoleEnv()): Promise<PasswordRecord | null> {
  await ensureDataDir(env);
  const created = await createFileExclusive(passwordFilePath(env), await serialize(password, 1), { mode: 0o600 });
  return created ? readPasswordRecord(env) : null;
}

/** Replaces the password (operator reset). A broken file is replaced too: that is how it gets repaired. */
export async function replaceRootPassword(password: string, env: ConsoleEnv = readConsoleEnv()): Promise<PasswordRecord> {
  let previousEpoch = 0;
  try {
    previousEpoch = (await readPasswordRecord(env))?.epoch ?? 0;
  } catch (error) {
    if (!(error instanceof PasswordFileError)) throw error;
    // The epoch of an unreadable file is unknown: jump far enough that no old session can match.
    previousEpoch = Math.floor(Date.now() / 1000);
  }
  await ensureDataDir(env);
  await writeFileAtomic(passwordFilePath(env), await serialize(password, previousEpoch + 1), { mode: 0o600 });
  const record = await readPasswordRecord(env);
  if (!record) throw new PasswordFileError(passwordFilePath(env), 'disappeared after writing');
  return record;
}

export function verifyAgainstRecord(password: string, record: PasswordRecord): Promise<boolean> {
  return verifyPasswordHash(password, record);
}
