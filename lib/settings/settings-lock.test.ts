import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processInstance, processStartTime } from '@/lib/fs/process-owner';
import { SettingsBusyError, settingsLockPath, withSettingsLock } from './settings-lock';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'settings-lock-'));
  file = settingsLockPath(dir);
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const lockOf = (fields: { pid: number; startTime?: string | null; instance?: string; token?: string; createdAt?: string }) =>
  `${JSON.stringify({ startTime: null, instance: 'another-process', token: 'their-token', createdAt: new Date().toISOString(), ...fields })}\n`;

/** A lock held by a live process other than this one: the test runner's parent. */
async function liveLock(createdAt = new Date().toISOString()): Promise<string> {
  return lockOf({ pid: process.ppid, startTime: await processStartTime(process.ppid), createdAt });
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = Date.now();
  const result = await task();
  return { ms: Date.now() - started, result };
}

/** What the lock file says while the task runs. */
const peek = () => withSettingsLock(dir, async () => JSON.parse(await fs.readFile(file, 'utf8')) as { pid: number; token: string }, { waitMs: 2_000 });

describe('withSettingsLock', () => {
  it('holds a lock naming this process while the task runs, and removes it after', async () => {
    const during = await peek();
    expect(during).toMatchObject({ pid: process.pid, startTime: await processStartTime(process.pid), instance: processInstance() });
    expect(during.token).toMatch(/^[0-9a-f]{24}$/);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('removes the lock when the task throws, and passes the error on', async () => {
    await expect(withSettingsLock(dir, async () => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it.each([
    ['left by a process that is gone', () => lockOf({ pid: spawnSync(process.execPath, ['-e', '0']).pid! })],
    ['of a PID now reused by another process (start time differs)', async () => lockOf({ pid: process.ppid, startTime: `${await processStartTime(process.ppid)}0` })],
    ['that does not parse', async () => '{"pid": 12'],
    ['left by this process under a token it no longer holds', async () => lockOf({ pid: process.pid, instance: processInstance(), token: 'forgotten' })],
    ['of a live process, older than the stale bound', () => liveLock(new Date(Date.now() - 10 * 60_000).toISOString())],
  ])('takes over at once a lock %s', async (_label, content) => {
    await fs.writeFile(file, await content());
    const { ms, result } = await timed(peek);
    expect(result.pid).toBe(process.pid);
    expect(ms).toBeLessThan(1_000);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('waits for a live holder and gets the lock once it is released', async () => {
    await fs.writeFile(file, await liveLock());
    setTimeout(() => void fs.rm(file), 300);
    const { ms, result } = await timed(peek);
    expect(result.pid).toBe(process.pid);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1_500);
  });

  it('gives up on a live holder after the wait bound with SettingsBusyError, running nothing and leaving its lock', async () => {
    const held = await liveLock();
    await fs.writeFile(file, held);
    let ran = false;
    const { ms, result } = await timed(() => withSettingsLock(dir, async () => (ran = true), { waitMs: 400 }).catch((error: unknown) => error));
    expect(result).toBeInstanceOf(SettingsBusyError);
    expect(result).toMatchObject({ reason: 'timeout', holderPid: process.ppid });
    expect((result as Error).message).toContain(file);
    expect(ran).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(2_000);
    expect(await fs.readFile(file, 'utf8')).toBe(held);
  });

  it('lets a holder that was taken over find out before committing, and leaves the new owner’s lock alone', async () => {
    const takeover = await liveLock();
    const error = await withSettingsLock(dir, async (lock) => {
      await lock.assertHeld();
      // Another process judged this holder stuck and took the lock over.
      await fs.writeFile(file, takeover);
      await lock.assertHeld();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsBusyError);
    expect(error).toMatchObject({ reason: 'lost', holderPid: process.ppid });
    expect(await fs.readFile(file, 'utf8')).toBe(takeover);
    expect(await fs.readdir(dir)).toEqual(['settings.lock']);
  });

  it('gives the lock to one task at a time in this process too', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withSettingsLock(dir, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
