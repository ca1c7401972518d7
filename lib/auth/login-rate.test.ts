import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { lockoutFilePath, MAX_FAILURES, MAX_TRACKED_CLIENTS, readLockoutStatus, recordFailure, slowdownMs, SLOWDOWN_AFTER, SLOWDOWN_STEP_MS } from './lockout';
import { forgetKnownGood } from './login-turns';
import { createRootPassword } from './password-store';
import { testClock, until } from '@/lib/testing/test-clock';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { forgetVerifiedPassword } from './verified-password-cache';
import { verifyRootPassword } from './verify-root-password';

// The ceiling as a rate over all addresses, on a clock the test owns (lib/auth/test-clock.ts); scrypt
// runs for real.

const PASSWORD = 'rate test root password';
const T0 = Date.UTC(2030, 0, 1);
vi.setConfig({ testTimeout: 60_000 });

let env: ConsoleEnv;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  forgetKnownGood();
  forgetVerifiedPassword();
  ({ env, cleanup } = await tempConsoleEnv());
  await createRootPassword(PASSWORD, env);
});
afterEach(() => cleanup());

const failureTimes = async () => ((JSON.parse(await fs.readFile(lockoutFilePath(env), 'utf8')) as { all: number[] }).all).sort((a, b) => a - b);

describe('the ceiling on guesses from many addresses', () => {
  it('lets 12 concurrent guesses from 12 new addresses through one per delay, while the administrator signs in at once', async () => {
    const clock = testClock(T0);
    // The administrator signed in from 192.0.2.10 earlier; the password is no longer remembered.
    const alone = performance.now();
    expect(await verifyRootPassword(PASSWORD, '192.0.2.10', env, clock)).toEqual({ ok: true, epoch: 1 });
    // One scrypt check on this machine now (the suite shares two cores): the 2 s allow for a few of them.
    const scryptMs = performance.now() - alone;
    forgetVerifiedPassword();
    for (let i = 0; i < SLOWDOWN_AFTER + 5; i += 1) await recordFailure(`10.0.0.${i}`, env, T0 - 1000 + i);
    const delay = slowdownMs(await failureTimes(), T0);
    expect(delay).toBe(6 * SLOWDOWN_STEP_MS);

    // No delay ends until the administrator's answer is in. The guesses come from new addresses, so their
    // passwords are checked at once (lib/auth/verify-root-password.ts) and their answers wait for their turns:
    // the administrator arrives once all 12 are counted and waiting, rather than sharing two busy cores with
    // their 12 scrypt checks.
    clock.hold();
    let settled = 0;
    const guesses = Array.from({ length: 12 }, (_, i) => verifyRootPassword(`guess ${i}`, `198.51.100.${i + 1}`, env, clock).finally(() => (settled += 1)));
    const counted = async () => (await Promise.all(Array.from({ length: 12 }, (_, i) => readLockoutStatus(`198.51.100.${i + 1}`, env, T0)))).every((status) => status.failures === 1);
    await until(counted);
    expect(await counted()).toBe(true);
    const started = performance.now();
    const admin = await verifyRootPassword(PASSWORD, '192.0.2.10', env, clock);
    const adminMs = performance.now() - started;
    const settledBeforeAdmin = settled;
    clock.release();
    await Promise.allSettled(guesses);
    expect(admin).toEqual({ ok: true, epoch: 1 });
    expect(settledBeforeAdmin).toBeLessThanOrEqual(2);
    expect(adminMs).toBeLessThan(Math.max(2000, 3 * scryptMs));
    expect((await Promise.all(guesses)).every((result) => !result.ok && result.reason === 'wrongPassword')).toBe(true);

    const times = (await failureTimes()).slice(-12);
    expect(times[11]! - T0).toBeGreaterThanOrEqual(11 * delay);
    for (let i = 1; i < times.length; i += 1) {
      // Each guess waited for the delay the failures before it had set.
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(slowdownMs((await failureTimes()).filter((time) => time <= times[i - 1]!), times[i - 1]!));
    }
  });

  it('keeps the right password from a new address behind one delay at most, not behind every guess', async () => {
    const clock = testClock(T0);
    for (let i = 0; i < SLOWDOWN_AFTER + 5; i += 1) await recordFailure(`10.0.0.${i}`, env, T0 - 1000 + i);
    await Promise.all(Array.from({ length: 3 }, (_, i) => verifyRootPassword(`guess ${i}`, `198.51.100.${i + 1}`, env, clock)));
    const waitsBefore = clock.waits.length;
    expect(await verifyRootPassword(PASSWORD, '203.0.113.7', env, clock)).toEqual({ ok: true, epoch: 1 });
    const waited = clock.waits.slice(waitsBefore).reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeLessThanOrEqual(slowdownMs(await failureTimes(), clock.now()));
  });

  it('gives an address that signed in one check out of turn at a time: its first failure puts it back in line', async () => {
    const clock = testClock(T0);
    expect((await verifyRootPassword(PASSWORD, '192.0.2.10', env, clock)).ok).toBe(true);
    forgetVerifiedPassword();
    for (let i = 0; i < SLOWDOWN_AFTER + 5; i += 1) await recordFailure(`10.0.0.${i}`, env, T0 - 1000 + i);
    const parallel = await Promise.all(Array.from({ length: 4 }, (_, i) => verifyRootPassword(`typo ${i}`, '192.0.2.10', env, clock)));
    expect(parallel.every((result) => !result.ok)).toBe(true);
    const times = (await failureTimes()).slice(-4);
    // One went out of turn, whenever it ran; the three others took their turns, one delay apart at least.
    const inTurn = (skipped: number) => times.filter((_, index) => index !== skipped);
    const apart = (three: number[]) => three.every((time, index) => index === 0 || time - three[index - 1]! >= 6 * SLOWDOWN_STEP_MS);
    expect(times.map((_, skipped) => apart(inTurn(skipped))), JSON.stringify(times)).toContain(true);
  });
});

describe('the lockout file under many addresses', () => {
  it('never forgets a locked address to make room: a new address then counts towards the ceiling only', async () => {
    const locked = Object.fromEntries(Array.from({ length: MAX_TRACKED_CLIENTS + 100 }, (_, i) => [`10.2.${Math.floor(i / 250)}.${i % 250}`, Array.from({ length: MAX_FAILURES }, () => T0 + i)]));
    await fs.writeFile(lockoutFilePath(env), JSON.stringify({ format: 2, clients: locked, all: [] }));
    await recordFailure('198.51.100.1', env, T0 + 5000);
    expect(await readLockoutStatus('10.2.0.0', env, T0 + 6000)).toMatchObject({ locked: true });
    expect(await readLockoutStatus('10.2.2.99', env, T0 + 6000)).toMatchObject({ locked: true });
    expect(await readLockoutStatus('198.51.100.1', env, T0 + 6000)).toMatchObject({ locked: false, failures: 0 });
    expect(await failureTimes()).toEqual([T0 + 5000]);
  });
});
