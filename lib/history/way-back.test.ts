import { describe, expect, it } from 'vitest';
import { newRunRecord } from '@/lib/config-run/run-recorder';
import type { ConfigRunRecord, RunState } from '@/lib/config-run/types';
import { waysBack } from './way-back';

const run = (id: string, state: RunState, settingsVersion: number | null): ConfigRunRecord => ({ ...newRunRecord(id.padStart(16, '0'), 'console', 'console'), state, settingsVersion });

describe('waysBack', () => {
  it('offers the version the last successful run before a failed one applied', () => {
    const runs = [run('4', 'failed', 5), run('3', 'failed', null), run('2', 'succeeded', 3), run('1', 'succeeded', 2)];
    expect([...waysBack(runs, [2, 3, 4, 5], 5)]).toEqual([
      ['0000000000000004', 3],
      ['0000000000000003', 3],
    ]);
  });

  it('offers nothing when that version is the saved one, is forgotten, or nothing ever succeeded', () => {
    expect(waysBack([run('2', 'failed', null), run('1', 'succeeded', 3)], [3], 3).size).toBe(0);
    expect(waysBack([run('2', 'failed', 4), run('1', 'succeeded', 3)], [4], 4).size).toBe(0);
    expect(waysBack([run('1', 'failed', 1)], [1], 1).size).toBe(0);
  });
});
