import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { clearLockout, lockoutFilePath, MAX_FAILURES, readLockoutStatus, recordFailure, resetFailures, statusOf, WINDOW_MS } from './lockout';
import { tempConsoleEnv } from './test-env';

const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;

describe('statusOf', () => {
  it('locks at the tenth failure within ten minutes and opens when the oldest leaves the window', () => {
    const nine = Array.from({ length: 9 }, (_, i) => T0 + i * MINUTE);
    expect(statusOf(nine, T0 + 9 * MINUTE)).toEqual({ locked: false, failures: 9 });
    const ten = [...nine, T0 + 9 * MINUTE];
    expect(statusOf(ten, T0 + 9 * MINUTE)).toEqual({ locked: true, failures: 10, retryAt: T0 + WINDOW_MS });
    expect(statusOf(ten, T0 + WINDOW_MS - 1).locked).toBe(true);
    expect(statusOf(ten, T0 + WINDOW_MS)).toEqual({ locked: false, failures: 9 });
  });

  it('does not lock for ten failures spread over more than ten minutes', () => {
    const spread = Array.from({ length: 10 }, (_, i) => T0 + i * 2 * MINUTE);
    expect(statusOf(spread, T0 + 18 * MINUTE)).toEqual({ locked: false, failures: 5 });
  });
});

describe('lockout state on disk', () => {
  let env: ConsoleEnv;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ env, cleanup } = await tempConsoleEnv()));
  afterEach(() => cleanup());

  it('survives re-reading (a restart) and is written 0600', async () => {
    for (let i = 0; i < MAX_FAILURES; i += 1) await recordFailure(env, T0 + i * 1000);
    expect(await readLockoutStatus(env, T0 + 10_000)).toEqual({ locked: true, failures: 10, retryAt: T0 + WINDOW_MS });
    expect((await fs.stat(lockoutFilePath(env))).mode & 0o777).toBe(0o600);
    expect(await readLockoutStatus(env, T0 + WINDOW_MS + 1000)).toMatchObject({ locked: false });
  });

  it('is reset by a success and cleared by unlock', async () => {
    for (let i = 0; i < 5; i += 1) await recordFailure(env, T0);
    await resetFailures(env, T0);
    expect(await readLockoutStatus(env, T0)).toEqual({ locked: false, failures: 0 });
    for (let i = 0; i < MAX_FAILURES; i += 1) await recordFailure(env, T0);
    expect(await clearLockout(env, T0)).toBe(10);
    expect(await readLockoutStatus(env, T0)).toEqual({ locked: false, failures: 0 });
  });

  it('fails closed on a corrupt state file until unlock rewrites it', async () => {
    await fs.writeFile(lockoutFilePath(env), '{"format":1,"failures":"lots"');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await readLockoutStatus(env, T0)).toMatchObject({ locked: true, retryAt: T0 + WINDOW_MS });
      await clearLockout(env, T0);
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(await readLockoutStatus(env, T0)).toEqual({ locked: false, failures: 0 });
  });
});
