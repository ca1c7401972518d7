import 'server-only';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt (memory-hard) from node:crypto with a random salt per password. The parameters are
// stored with each hash, so they can be raised later without breaking existing passwords.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

export interface PasswordHash extends ScryptParams {
  salt: string; // base64
  hash: string; // base64
}

// N=2^15, r=8: ~32 MiB and ~50-100 ms per attempt on the development machine (OWASP's minimum is 2^17 with r=8, p=1
// for interactive logins at scale; one console with a lockout after 10 attempts does not need that much memory).
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 64 };
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly what N=2^15, r=8 needs, which it rejects: allow twice the need.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return { ...params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Constant-time comparison of the derived key; false (never a throw) for any mismatch. */
export async function verifyPasswordHash(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
