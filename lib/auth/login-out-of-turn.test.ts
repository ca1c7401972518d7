import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { setPeerHeaderName } from '@/lib/http/request-origin';
import { authenticateBasicAuth } from './basic-auth';
import { lockoutFilePath, readLockoutStatus, recordFailure, slowdownMs, SLOWDOWN_AFTER, SLOWDOWN_STEP_MS } from './lockout';
import { forgetKnownGood, MAX_HELD_ANSWERS } from './login-turns';
import { createRootPassword, verifyAgainstRecord } from './password-store';
import { testClock, until } from '@/lib/testing/test-clock';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { forgetVerifiedPassword } from './verified-password-cache';
import { verifyRootPassword, type RootPasswordCheck } from './verify-root-password';

// Passwords from addresses with no failures are verified at once, out of turn: a right one signs in at
// once, a wrong one's answer waits for its turn, and only so many answers may wait. The verifier is the
// real one (scrypt), watched so that a test can tell whether a password was checked at all.
vi.mock('./password-store', async (importOriginal) => {
  const original = await importOriginal<typeof import('./password-store')>();
  return { ...original, verifyAgainstRecord: vi.fn(original.verifyAgainstRecord) };
});

const PASSWORD = 'out of turn root password';
const T0 = Date.UTC(2030, 0, 1);
vi.setConfig({ testTimeout: 60_000 });

let env: ConsoleEnv;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  forgetKnownGood();
  forgetVerifiedPassword();
  ({ env, cleanup } = await tempConsoleEnv());
  await createRootPassword(PASSWORD, env);
  vi.mocked(verifyAgainstRecord).mockClear();
});
afterEach(() => cleanup());

const failureTimes = async () => ((JSON.parse(await fs.readFile(lockoutFilePath(env), 'utf8')) as { all: number[] }).all).sort((a, b) => a - b);
const pastCeiling = async (extra: number) => {
  for (let i = 0; i < SLOWDOWN_AFTER + extra; i += 1) await recordFailure(`10.0.0.${i}`, env, T0 - 1000 + i);
};
const isWrong = (result: RootPasswordCheck) => !result.ok && result.reason === 'wrongPassword';

describe('passwords from addresses with no failures', () => {
  it('signs in the right password from a clean address within 2 s while 12 wrong guesses from 12 new addresses take at least 11 delays', async () => {
    const clock = testClock(T0);
    await pastCeiling(5);
    const delay = slowdownMs(await failureTimes(), T0);
    expect(delay).toBe(6 * SLOWDOWN_STEP_MS);

    clock.hold();
    let settled = 0;
    const guesses = Array.from({ length: 12 }, (_, i) => verifyRootPassword(`guess ${i}`, `198.51.100.${i + 1}`, env, clock).finally(() => (settled += 1)));
    // The guesses are counted and their answers wait: the administrator comes now, from a 13th address that
    // has never signed in, with no password verified in the last minute.
    const counted = async () => (await Promise.all(Array.from({ length: 12 }, (_, i) => readLockoutStatus(`198.51.100.${i + 1}`, env, T0)))).every((status) => status.failures === 1);
    await until(counted);
    expect(await counted()).toBe(true);
    const admin = await Promise.race([verifyRootPassword(PASSWORD, '203.0.113.13', env, clock), new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 20_000))]);
    expect(admin).toEqual({ ok: true, epoch: 1 });
    expect(clock.now() - T0).toBeLessThan(2000);
    expect(settled).toBe(0);
    clock.release();

    expect((await Promise.all(guesses)).every(isWrong)).toBe(true);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(11 * delay);
    const twelve = (await failureTimes()).slice(-12);
    expect(twelve[11]! - twelve[0]!).toBeGreaterThanOrEqual(11 * delay);
    expect(twelve[0]! - T0).toBeGreaterThanOrEqual(0);
  });

  it('counts a wrong guess from a clean address at once, and answers it when its turn comes, one delay after the last failure', async () => {
    const clock = testClock(T0);
    await pastCeiling(5);
    const last = Math.max(...(await failureTimes()));
    clock.hold();
    let answered = false;
    const guess = verifyRootPassword('a clean guess', '198.51.100.50', env, clock).finally(() => (answered = true));
    await until(() => clock.waits.length > 0);
    expect(await readLockoutStatus('198.51.100.50', env, clock.now())).toMatchObject({ locked: false, failures: 1 });
    expect(answered).toBe(false);
    clock.release();
    expect(await guess).toEqual({ ok: false, reason: 'wrongPassword' });
    expect(Math.max(...(await failureTimes()))).toBeGreaterThanOrEqual(last + 6 * SLOWDOWN_STEP_MS);
    expect(clock.now()).toBeGreaterThanOrEqual(last + 6 * SLOWDOWN_STEP_MS);
  });

  it(`holds at most ${MAX_HELD_ANSWERS} wrong answers: the next new address gets signInBusy at once, its password unchecked`, async () => {
    const clock = testClock(T0);
    await pastCeiling(5);
    expect((await verifyRootPassword(PASSWORD, '192.0.2.10', env, clock)).ok).toBe(true); // the administrator, earlier
    forgetVerifiedPassword();
    clock.hold();
    const held = Array.from({ length: MAX_HELD_ANSWERS }, (_, i) => verifyRootPassword(`held guess ${i}`, `198.51.100.${i + 1}`, env, clock));
    const checked = () => vi.mocked(verifyAgainstRecord).mock.calls.length;
    await until(() => checked() === MAX_HELD_ANSWERS + 1);
    await until(() => false, 300); // any further check would have started by now
    expect(checked()).toBe(MAX_HELD_ANSWERS + 1);

    // Even the right password: it is not checked, so the answer says nothing about it.
    const busy = await verifyRootPassword(PASSWORD, '203.0.113.20', env, clock);
    expect(busy).toEqual({ ok: false, reason: 'signInBusy', retryAfterSeconds: Math.ceil((6 * SLOWDOWN_STEP_MS) / 1000) });
    expect(await verifyRootPassword('another guess', '203.0.113.21', env, clock)).toMatchObject({ ok: false, reason: 'signInBusy' });
    expect(checked()).toBe(MAX_HELD_ANSWERS + 1);
    expect(await readLockoutStatus('203.0.113.21', env, clock.now())).toMatchObject({ failures: 0 });
    // The Manage API's basic auth goes through the same check, and is refused the same way.
    setPeerHeaderName('x-test-peer');
    const basic = `Basic ${Buffer.from(`api_key:${PASSWORD}`, 'utf8').toString('base64')}`;
    const request = new Request('http://127.0.0.1/manage/v1/config/settings', { headers: { 'x-test-peer': '203.0.113.22', authorization: basic } });
    expect(await authenticateBasicAuth(request, env)).toMatchObject({ ok: false, status: 429, reason: 'signInBusy' });
    expect(checked()).toBe(MAX_HELD_ANSWERS + 1);
    // An address that signed in within 12 hours still gets its one check past the bound.
    expect(await verifyRootPassword(PASSWORD, '192.0.2.10', env, clock)).toEqual({ ok: true, epoch: 1 });
    expect(checked()).toBe(MAX_HELD_ANSWERS + 2);

    clock.release();
    expect((await Promise.all(held)).every(isWrong)).toBe(true);
    // Every slot free again: a new address is checked.
    expect(await verifyRootPassword(PASSWORD, '203.0.113.20', env, clock)).toEqual({ ok: true, epoch: 1 });
  });

  it('checks one password of an address out of turn at a time, so parallel guesses from it get ten tries, no more', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => verifyRootPassword(`parallel guess ${i}`, '198.51.100.77', env)));
    expect(results.filter(isWrong)).toHaveLength(9);
    expect(results.filter((result) => !result.ok && result.reason === 'locked')).toHaveLength(16);
    expect(vi.mocked(verifyAgainstRecord).mock.calls.length).toBe(10);
    expect((await readLockoutStatus('198.51.100.77', env)).failures).toBe(10);
  });
});
