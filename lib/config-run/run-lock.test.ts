import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processInstance, processStartTime } from '@/lib/fs/process-owner';
import { lockOwnerAlive, type RunLock } from './run-lock';

const lock = (overrides: Partial<RunLock>): RunLock => ({ runId: '0123456789abcdef', pid: process.pid, startTime: null, instance: processInstance(), createdAt: '', ...overrides });

describe('lockOwnerAlive', () => {
  it('knows its own process by its token, so a restarted server with the same PID sees a stale lock', async () => {
    expect(await lockOwnerAlive(lock({}))).toBe(true);
    expect(await lockOwnerAlive(lock({ instance: 'an-earlier-process' }))).toBe(false);
  });

  it('sees a dead PID, and a reused PID by its start time', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(await lockOwnerAlive(lock({ pid: dead, instance: 'x' }))).toBe(false);
    const parent = process.ppid;
    const started = await processStartTime(parent);
    expect(started).toMatch(/^\d+$/);
    expect(await lockOwnerAlive(lock({ pid: parent, instance: 'x', startTime: started }))).toBe(true);
    expect(await lockOwnerAlive(lock({ pid: parent, instance: 'x', startTime: `${started}0` }))).toBe(false);
  });

  it('sees no owner for a damaged lock (read as PID -1), which kill(-1, 0) would have called alive', async () => {
    expect(await lockOwnerAlive(lock({ pid: -1, instance: '' }))).toBe(false);
    expect(await lockOwnerAlive(lock({ pid: 0, instance: '' }))).toBe(false);
  });
});
