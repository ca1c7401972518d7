import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PasswordRecord } from './password-store';

// Scrypt costs ~90 ms of CPU by design, and the Manage API takes the root password on every request
// (basic auth): a script polling the API would queue behind it. So the last password that verified is
// remembered for a short while, only as an HMAC under a random key that exists in this process alone
// and is bound to the stored hash: a new password (or `cli set-password`) misses at once. Only an exact
// match skips scrypt; anything else is verified, and counted towards the lockout, as before.

export const VERIFIED_PASSWORD_TTL_MS = 60_000;

interface Slot {
  record: string;
  digest: Buffer;
  expiresAt: number;
}
interface CacheState {
  key: Buffer;
  slot: Slot | null;
}

// On globalThis: Next.js may bundle this module more than once in the one server process.
const STATE_KEY = Symbol.for('packages-console.verified-password-cache');
type Holder = { [STATE_KEY]?: CacheState };

function state(): CacheState {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { key: randomBytes(32), slot: null };
  return holder[STATE_KEY];
}

function recordIdentity(record: PasswordRecord): string {
  return `${record.epoch}:${record.salt}:${record.hash}`;
}

function digest(password: string): Buffer {
  return createHmac('sha256', state().key).update(password, 'utf8').digest();
}

export function rememberVerifiedPassword(password: string, record: PasswordRecord, now = Date.now()): void {
  state().slot = { record: recordIdentity(record), digest: digest(password), expiresAt: now + VERIFIED_PASSWORD_TTL_MS };
}

export function isRecentlyVerified(password: string, record: PasswordRecord, now = Date.now()): boolean {
  const { slot } = state();
  if (!slot || now >= slot.expiresAt || slot.record !== recordIdentity(record)) return false;
  return timingSafeEqual(slot.digest, digest(password));
}

export function forgetVerifiedPassword(): void {
  state().slot = null;
}
