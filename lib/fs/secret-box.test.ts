import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { decryptSecret, EncryptionKeyError, encryptionKeyPath, encryptSecret, loadEncryptionKey, readEncryptionKey, SecretBoxError } from './secret-box';

const AAD = 'secrets.packages.aws-secret-key';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// Built from scratch, not from process.env, so a developer's CONSOLE_* variables cannot leak in.
function testEnv(vars: { CONSOLE_DATA_DIR: string; CONSOLE_ENCRYPTION_KEY?: string }): ConsoleEnv {
  return readConsoleEnv({ NODE_ENV: 'test', ...vars });
}

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'secret-box-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Flips one bit in the base64 part at `index` of a `v1:iv:tag:ct` token. */
function flipBit(token: string, index: number): string {
  const parts = token.split(':');
  const bytes = Buffer.from(parts[index] ?? '', 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('encryptSecret / decryptSecret', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plaintext', () => {
    const token = encryptSecret(SECRET, key, AAD);
    expect(token).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]+$/);
    expect(token).not.toContain(SECRET);
    expect(decryptSecret(token, key, AAD)).toBe(SECRET);
  });

  it('uses a fresh IV for every encryption', () => {
    expect(encryptSecret(SECRET, key, AAD)).not.toBe(encryptSecret(SECRET, key, AAD));
  });

  it.each([
    ['IV', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('detects a tampered %s', (_, index) => {
    const token = encryptSecret(SECRET, key, AAD);
    expect(() => decryptSecret(flipBit(token, index), key, AAD)).toThrow(SecretBoxError);
  });

  it('rejects another field name as AAD, so a ciphertext cannot be moved between fields', () => {
    const token = encryptSecret(SECRET, key, AAD);
    expect(() => decryptSecret(token, key, 'secrets.packages.aws-access-key')).toThrow(SecretBoxError);
  });

  it('rejects the wrong key without leaking secret or key material', () => {
    const token = encryptSecret(SECRET, key, AAD);
    const other = randomBytes(32);
    let message = '';
    try {
      decryptSecret(token, other, AAD);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/could not be decrypted/);
    for (const material of [SECRET, key.toString('base64'), other.toString('base64'), key.toString('hex'), token]) {
      expect(message).not.toContain(material);
    }
  });

  it.each(['', 'v1:abc', 'v2:a:b:c', 'v1:!!!:????:x', 'v1:AAAA:AAAA:AAAA'])('rejects the malformed token %j', (token) => {
    expect(() => decryptSecret(token, key, AAD)).toThrow(SecretBoxError);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => encryptSecret(SECRET, randomBytes(16), AAD)).toThrow(SecretBoxError);
  });
});

describe('loadEncryptionKey', () => {
  it('generates a 0600 key file as base64, in a 0700 data dir it creates, and reuses it', async () => {
    const env = testEnv({ CONSOLE_DATA_DIR: path.join(dir, 'nested', 'data') });
    const first = await loadEncryptionKey(env);
    expect(first).toHaveLength(32);
    const file = encryptionKeyPath(env);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(env.dataDir)).mode & 0o777).toBe(0o700);
    expect((await fs.readFile(file, 'utf8')).trim()).toBe(first.toString('base64'));
    expect(await fs.readdir(env.dataDir)).toEqual(['encryption.key']);
    expect((await loadEncryptionKey(env)).equals(first)).toBe(true);
  });

  it('hands every concurrent caller the same key', async () => {
    const env = testEnv({ CONSOLE_DATA_DIR: dir });
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadEncryptionKey(env)));
    for (const key of keys) expect(key.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['encryption.key']);
  });

  it('prefers CONSOLE_ENCRYPTION_KEY and then creates no key file', async () => {
    const envKey = randomBytes(32);
    await fs.writeFile(path.join(dir, 'encryption.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const env = testEnv({ CONSOLE_DATA_DIR: dir, CONSOLE_ENCRYPTION_KEY: envKey.toString('hex') });
    expect((await loadEncryptionKey(env)).equals(envKey)).toBe(true);

    const empty = await fs.mkdtemp(path.join(dir, 'empty-'));
    const envOnly = testEnv({ CONSOLE_DATA_DIR: empty, CONSOLE_ENCRYPTION_KEY: envKey.toString('base64') });
    expect((await loadEncryptionKey(envOnly)).equals(envKey)).toBe(true);
    expect(await fs.readdir(empty)).toEqual([]);
  });

  it('tightens a key file with looser permissions to 0600', async () => {
    const file = path.join(dir, 'encryption.key');
    const key = randomBytes(32);
    await fs.writeFile(file, key.toString('base64'));
    await fs.chmod(file, 0o644);
    const env = testEnv({ CONSOLE_DATA_DIR: dir });
    expect((await loadEncryptionKey(env)).equals(key)).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['raw bytes', randomBytes(32).toString('latin1')],
    ['empty', ''],
  ])('rejects a key file that is %s, naming the file, and leaves it alone', async (_, content) => {
    const file = path.join(dir, 'encryption.key');
    await fs.writeFile(file, content, 'latin1');
    const before = await fs.readFile(file);
    const env = testEnv({ CONSOLE_DATA_DIR: dir });
    const error = await loadEncryptionKey(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as EncryptionKeyError).path).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('readEncryptionKey never creates a key', async () => {
    const env = testEnv({ CONSOLE_DATA_DIR: dir });
    expect(await readEncryptionKey(env)).toBeNull();
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
