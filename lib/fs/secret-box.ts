import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { createFileExclusive } from './atomic-write';

// Secrets at rest are sealed with AES-256-GCM. The token carries its own format version so the
// scheme can change later without guessing what an old file holds.

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size; random per encryption
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A secret could not be sealed or opened. Messages never contain secret or key material. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** The encryption key file is unusable. `path` names the file; the message never holds key bytes. */
export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`Encryption key must be ${KEY_BYTES} bytes`);
}

/**
 * Seals `plaintext` as `v1:<iv>:<tag>:<ciphertext>` (base64 parts). `aad` should name the field
 * the secret belongs to, so a ciphertext copied into another field fails to open.
 */
export function encryptSecret(plaintext: string, key: Buffer, aad: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

function decodePart(part: string | undefined, bytes: number | null): Buffer | null {
  // Buffer.from(…, 'base64') silently skips junk, so check the alphabet first.
  if (part === undefined || !BASE64.test(part)) return null;
  const decoded = Buffer.from(part, 'base64');
  return bytes === null || decoded.length === bytes ? decoded : null;
}

/** What a stored secret field may hold: nothing, or a token from encryptSecret (never a plain secret). */
export function isSealedOrBlank(value: string): boolean {
  return value === '' || value.startsWith(`${VERSION}:`);
}

/** Opens a token from encryptSecret. Throws SecretBoxError if it is malformed, tampered with, or sealed with another key or AAD. */
export function decryptSecret(token: string, key: Buffer, aad: string): string {
  assertKey(key);
  const parts = token.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('Encrypted secret has an unknown format');
  const iv = decodePart(parts[1], IV_BYTES);
  const tag = decodePart(parts[2], TAG_BYTES);
  const ciphertext = decodePart(parts[3], null);
  if (!iv || !tag || !ciphertext) throw new SecretBoxError('Encrypted secret is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // The crypto error says nothing useful and is dropped on purpose: one clear cause for all.
    throw new SecretBoxError('Encrypted secret could not be decrypted: wrong encryption key, or the value was modified');
  }
}

// The key file holds the 32 key bytes as one line of base64 (44 characters, optional trailing
// newline): text survives copy/paste into a secret manager and matches CONSOLE_ENCRYPTION_KEY.
const KEY_FILE_CONTENT = /^[A-Za-z0-9+/]{43}=\r?\n?$/;

export function encryptionKeyPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'encryption.key');
}

// Read whenever settings are read or written: from cache while the file (content and mode) is unchanged.
const readKeyFile = cachedFileReader(async (content, stat, file) => {
  if (!KEY_FILE_CONTENT.test(content)) {
    throw new EncryptionKeyError(`Encryption key file ${file} must hold exactly ${KEY_BYTES} bytes as base64`, file);
  }
  // Anyone else able to read the key can read every stored secret. (A chmod changes the file's stat,
  // so the mode is checked again on every read after any change.)
  if ((Number(stat.mode) & 0o077) !== 0) await fs.chmod(file, 0o600);
  return Buffer.from(content.trim(), 'base64');
}, { readError: (code, file) => new EncryptionKeyError(`Encryption key file ${file} cannot be read (${code})`, file) });

/**
 * The key from CONSOLE_ENCRYPTION_KEY, else from `<dataDir>/encryption.key`, else null.
 * Never creates anything: reading settings must not mint a key that cannot open what is stored.
 */
export async function readEncryptionKey(env: ConsoleEnv): Promise<Buffer | null> {
  if (env.encryptionKey) return env.encryptionKey;
  return readKeyFile(encryptionKeyPath(env));
}

/** Like readEncryptionKey, but generates and stores a new key (mode 0600) when there is none. */
export async function loadEncryptionKey(env: ConsoleEnv): Promise<Buffer> {
  const existing = await readEncryptionKey(env);
  if (existing) return existing;
  const file = encryptionKeyPath(env);
  await fs.mkdir(env.dataDir, { recursive: true, mode: 0o700 });
  const created = await createFileExclusive(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  // Whether we won the race or another process did, the file on disk is the one key to use.
  const key = await readKeyFile(file);
  if (!key) throw new EncryptionKeyError(`Encryption key file ${file} disappeared while being ${created ? 'created' : 'read'}`, file);
  return key;
}
