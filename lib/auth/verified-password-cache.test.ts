import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { recordFailure, readLockoutStatus } from './lockout';
import { createRootPassword, replaceRootPassword } from './password-store';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { forgetVerifiedPassword, isRecentlyVerified, rememberVerifiedPassword, VERIFIED_PASSWORD_TTL_MS } from './verified-password-cache';
import { verifyRootPassword } from './verify-root-password';

const PASSWORD = 'cached root password';
// Requests built here carry no socket address: the lockout counts them as the client 'unknown'.
const CLIENT = 'unknown';

let env: ConsoleEnv;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  forgetVerifiedPassword();
  ({ env, cleanup } = await tempConsoleEnv());
});
afterEach(() => cleanup());

describe('the verified-password cache', () => {
  it('matches only the exact password, on the same stored hash, within the TTL', async () => {
    const record = (await createRootPassword(PASSWORD, env))!;
    const now = Date.now();
    expect(isRecentlyVerified(PASSWORD, record, now)).toBe(false);
    rememberVerifiedPassword(PASSWORD, record, now);
    expect(isRecentlyVerified(PASSWORD, record, now + 1)).toBe(true);
    expect(isRecentlyVerified(`${PASSWORD} `, record, now + 1)).toBe(false);
    expect(isRecentlyVerified('', record, now + 1)).toBe(false);
    expect(isRecentlyVerified(PASSWORD, record, now + VERIFIED_PASSWORD_TTL_MS)).toBe(false);
    expect(isRecentlyVerified(PASSWORD, { ...record, epoch: record.epoch + 1 }, now + 1)).toBe(false);
  });

  it('keeps no password in memory in the clear', async () => {
    const record = (await createRootPassword(PASSWORD, env))!;
    rememberVerifiedPassword(PASSWORD, record);
    const holder = (globalThis as Record<symbol, unknown>)[Symbol.for('packages-console.verified-password-cache')];
    expect(JSON.stringify(holder, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value))).not.toContain(PASSWORD);
  });
});

describe('verifyRootPassword with the cache', () => {
  it('refuses a remembered password as soon as the password is replaced, and counts the failure', async () => {
    await createRootPassword(PASSWORD, env);
    expect((await verifyRootPassword(PASSWORD, CLIENT, env)).ok).toBe(true);
    expect((await verifyRootPassword(PASSWORD, CLIENT, env)).ok).toBe(true);
    await replaceRootPassword('the replacement password', env);
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toEqual({ ok: false, reason: 'wrongPassword' });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(1);
  });

  it('refuses a remembered password while logins are locked', async () => {
    await createRootPassword(PASSWORD, env);
    expect((await verifyRootPassword(PASSWORD, CLIENT, env)).ok).toBe(true);
    for (let i = 0; i < 10; i += 1) await recordFailure(CLIENT, env);
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('still verifies other passwords with scrypt and counts them', async () => {
    await createRootPassword(PASSWORD, env);
    expect((await verifyRootPassword(PASSWORD, CLIENT, env)).ok).toBe(true);
    expect(await verifyRootPassword('not the root password', CLIENT, env)).toEqual({ ok: false, reason: 'wrongPassword' });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(1);
  });
});
