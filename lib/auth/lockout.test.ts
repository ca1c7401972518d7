import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import {
  clearLockout,
  lockoutFilePath,
  MAX_FAILURES,
  MAX_SLOWDOWN_MS,
  MAX_TRACKED_CLIENTS,
  pruneState,
  readLockoutStatus,
  recordFailure,
  resetFailures,
  slowdownMs,
  SLOWDOWN_AFTER,
  SLOWDOWN_STEP_MS,
  statusOf,
  WINDOW_MS,
} from './lockout';
import { tempConsoleEnv } from '@/lib/testing/console-env';

const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const ATTACKER = '127.0.0.2';
const ADMIN = '127.0.0.1';

describe('statusOf', () => {
  it('locks at the tenth failure within ten minutes and opens when the oldest leaves the window', () => {
    const nine = Array.from({ length: 9 }, (_, i) => T0 + i * MINUTE);
    expect(statusOf(nine, T0 + 9 * MINUTE)).toEqual({ locked: false, failures: 9, delayMs: 0 });
    const ten = [...nine, T0 + 9 * MINUTE];
    expect(statusOf(ten, T0 + 9 * MINUTE)).toEqual({ locked: true, failures: 10, retryAt: T0 + WINDOW_MS });
    expect(statusOf(ten, T0 + WINDOW_MS - 1).locked).toBe(true);
    expect(statusOf(ten, T0 + WINDOW_MS)).toEqual({ locked: false, failures: 9, delayMs: 0 });
  });

  it('does not lock for ten failures spread over more than ten minutes', () => {
    const spread = Array.from({ length: 10 }, (_, i) => T0 + i * 2 * MINUTE);
    expect(statusOf(spread, T0 + 18 * MINUTE)).toEqual({ locked: false, failures: 5, delayMs: 0 });
  });
});

describe('slowdownMs', () => {
  const failures = (count: number) => Array.from({ length: count }, (_, i) => T0 + i);

  it('waits nothing below the ceiling, then grows with every failure up to the cap', () => {
    expect(SLOWDOWN_AFTER).toBeGreaterThanOrEqual(5 * MAX_FAILURES);
    expect(slowdownMs(failures(SLOWDOWN_AFTER - 1), T0 + 1000)).toBe(0);
    expect(slowdownMs(failures(SLOWDOWN_AFTER), T0 + 1000)).toBe(SLOWDOWN_STEP_MS);
    expect(slowdownMs(failures(SLOWDOWN_AFTER + 4), T0 + 1000)).toBe(5 * SLOWDOWN_STEP_MS);
    expect(slowdownMs(failures(1000), T0 + 1000)).toBe(MAX_SLOWDOWN_MS);
    expect(slowdownMs(failures(1000), T0 + WINDOW_MS + 1000)).toBe(0);
  });
});

describe('pruneState', () => {
  it('keeps at most MAX_TRACKED_CLIENTS addresses, forgetting the least recent unlocked ones first', () => {
    const clients: Record<string, number[]> = { '192.0.2.1': Array.from({ length: MAX_FAILURES }, () => T0) };
    for (let i = 0; i < MAX_TRACKED_CLIENTS + 50; i += 1) clients[`10.0.${Math.floor(i / 256)}.${i % 256}`] = [T0 + 1 + i];
    const pruned = pruneState({ clients, all: [] }, T0 + 10_000);
    expect(Object.keys(pruned.clients)).toHaveLength(MAX_TRACKED_CLIENTS);
    expect(pruned.clients['192.0.2.1']).toHaveLength(MAX_FAILURES); // locked and oldest, still kept
    expect(pruned.clients['10.0.0.0']).toBeUndefined();
    expect(pruned.clients['10.0.2.37']).toEqual([T0 + 1 + 549]);
    expect(pruneState({ clients, all: [T0] }, T0 + WINDOW_MS + 10_000)).toEqual({ clients: {}, all: [] });
  });
});

describe('lockout state on disk', () => {
  let env: ConsoleEnv;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ env, cleanup } = await tempConsoleEnv()));
  afterEach(() => cleanup());

  it('locks the address that failed, not the others, survives re-reading (a restart) and is written 0600', async () => {
    for (let i = 0; i < MAX_FAILURES; i += 1) await recordFailure(ATTACKER, env, T0 + i * 1000);
    expect(await readLockoutStatus(ATTACKER, env, T0 + 10_000)).toEqual({ locked: true, failures: 10, retryAt: T0 + WINDOW_MS });
    expect(await readLockoutStatus(ADMIN, env, T0 + 10_000)).toEqual({ locked: false, failures: 0, delayMs: 0 });
    expect((await fs.stat(lockoutFilePath(env))).mode & 0o777).toBe(0o600);
    expect(await readLockoutStatus(ATTACKER, env, T0 + WINDOW_MS + 1000)).toMatchObject({ locked: false });
  });

  it('slows every address once failures from many addresses pass the ceiling, and stays small on disk', async () => {
    for (let i = 0; i < SLOWDOWN_AFTER + 9; i += 1) await recordFailure(`10.0.${Math.floor(i / 250)}.${i % 250}`, env, T0 + i);
    expect(await readLockoutStatus(ADMIN, env, T0 + 1000)).toEqual({ locked: false, failures: 0, delayMs: 10 * SLOWDOWN_STEP_MS });
    // A file holding more addresses than allowed (as many failures would leave it) is cut back at the next write.
    const crowd = Object.fromEntries(Array.from({ length: MAX_TRACKED_CLIENTS + 100 }, (_, i) => [`10.1.${Math.floor(i / 250)}.${i % 250}`, [T0 + 1000 + i]]));
    await fs.writeFile(lockoutFilePath(env), JSON.stringify({ format: 2, clients: crowd, all: Object.values(crowd).flat().slice(-(SLOWDOWN_AFTER + MAX_SLOWDOWN_MS / SLOWDOWN_STEP_MS)) }));
    await recordFailure(ATTACKER, env, T0 + 5000);
    expect(await readLockoutStatus(ADMIN, env, T0 + 5000)).toMatchObject({ delayMs: MAX_SLOWDOWN_MS });
    expect(Object.keys(JSON.parse(await fs.readFile(lockoutFilePath(env), 'utf8')).clients)).toHaveLength(MAX_TRACKED_CLIENTS);
    expect((await fs.stat(lockoutFilePath(env))).size).toBeLessThan(MAX_TRACKED_CLIENTS * 40 + 4096);
  });

  it('is reset for one address by its success and cleared for all by unlock', async () => {
    for (let i = 0; i < 5; i += 1) await recordFailure(ADMIN, env, T0);
    for (let i = 0; i < 3; i += 1) await recordFailure(ATTACKER, env, T0);
    await resetFailures(ADMIN, env, T0);
    expect(await readLockoutStatus(ADMIN, env, T0)).toEqual({ locked: false, failures: 0, delayMs: 0 });
    expect(await readLockoutStatus(ATTACKER, env, T0)).toEqual({ locked: false, failures: 3, delayMs: 0 });
    for (let i = 0; i < MAX_FAILURES; i += 1) await recordFailure(ATTACKER, env, T0);
    expect(await clearLockout(env, T0)).toBe(18);
    expect(await readLockoutStatus(ATTACKER, env, T0)).toEqual({ locked: false, failures: 0, delayMs: 0 });
  });

  it('reads a state file written before failures were counted per address', async () => {
    const failures = Array.from({ length: MAX_FAILURES }, () => T0);
    await fs.writeFile(lockoutFilePath(env), JSON.stringify({ format: 1, failures }));
    expect(await readLockoutStatus(ADMIN, env, T0)).toEqual({ locked: false, failures: 0, delayMs: 0 });
    expect(await clearLockout(env, T0)).toBe(MAX_FAILURES);
  });

  it('fails closed on a corrupt state file until unlock rewrites it', async () => {
    await fs.writeFile(lockoutFilePath(env), '{"format":2,"clients":"lots"');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(await readLockoutStatus(ADMIN, env, T0)).toMatchObject({ locked: true, retryAt: T0 + WINDOW_MS });
      await clearLockout(env, T0);
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(await readLockoutStatus(ADMIN, env, T0)).toEqual({ locked: false, failures: 0, delayMs: 0 });
  });
});
