import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { localizeRun } from '@/lib/config-run/localize-run';
import { newRunRecord } from '@/lib/config-run/run-recorder';
import type { ConfigRunRecord, MigrationProgress } from '@/lib/config-run/types';
import { runText } from './run-messages';
import { plainPrinter, ttyPrinter } from './run-output';
import { durationText, jsonLinesPrinter, progressLine } from './run-progress';

function moving(progress: Partial<MigrationProgress> | null): ConfigRunRecord {
  const run = newRunRecord('0123456789abcdef', 'cli', 'cli');
  run.phases = run.phases.map((phase, index) => ({ ...phase, state: index === 0 ? 'running' : 'pending' }));
  const full: MigrationProgress = { phase: 'copy', objectsDone: 3, objectsTotal: 12, bytesDone: 3 * 1024 * 1024, bytesTotal: 12 * 1024 * 1024, bytesPerSecond: 1024 * 1024, secondsLeft: 9, ...progress };
  run.migration = { from: 'bucket a', to: 'bucket b', journalRun: run.id, ecosystems: [{ id: 'npm', objects: 12, bytes: 12 * 1024 * 1024 }], progress: progress ? full : null, copied: 3, skipped: 0, verified: 0, failures: [], failureCount: 0 };
  return run;
}

function collect() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  return { out, text: () => text };
}

describe('cli progress of a storage move', () => {
  it('says how far the copy is: percent, objects, bytes, rate and time left', () => {
    expect(progressLine(localizeRun(moving({}), runText).migration)).toBe('Copying: 25%, 3/12 objects, 3.0 MiB of 12.0 MiB, 1.0 MiB/s, 9 s left');
    expect(progressLine(localizeRun(moving({ phase: 'verify', secondsLeft: null }), runText).migration)).toMatch(/^Verifying: 25%, .*, time left unknown$/);
    expect(progressLine(localizeRun(moving(null), runText).migration)).toBeNull();
    expect([durationText(59.6), durationText(725), durationText(3 * 3600 + 125)]).toEqual(['1 min 0 s', '12 min 5 s', '3 h 2 min']);
  });

  it('prints the progress on a pipe at most every few seconds', () => {
    const { out, text } = collect();
    let now = 0;
    const printer = plainPrinter(out, () => now);
    printer.update(moving({ objectsDone: 1 }));
    now = 2000;
    printer.update(moving({ objectsDone: 2 }));
    now = 5000;
    printer.update(moving({ objectsDone: 3 }));
    const progress = text().split('\n').filter((line) => line.startsWith('  Copying'));
    expect(progress.map((line) => line.match(/(\d+)\/12 objects/)?.[1])).toEqual(['1', '3']);
  });

  it('redraws the copy’s progress in place on a terminal, and drops it once the run has finished', () => {
    const { out, text } = collect();
    const printer = ttyPrinter(out);
    printer.update(moving({ objectsDone: 1 }));
    printer.update(moving({ objectsDone: 2 }));
    const drawings = text().split(/\u001b\[\d+A/);
    expect(drawings).toHaveLength(2);
    expect(drawings[1]).toContain('\u001b[2K  Copying: 25%, 2/12 objects, 3.0 MiB of 12.0 MiB, 1.0 MiB/s, 9 s left\n');
    const done = moving({ objectsDone: 12 });
    done.state = 'succeeded';
    printer.finish(done);
    expect(text().split(/\u001b\[\d+A/).at(-1)).not.toContain('Copying');
  });

  it('prints JSON lines: each change of the run once, then the result', () => {
    const { out, text } = collect();
    const printer = jsonLinesPrinter(out);
    printer.update(moving({}));
    printer.update(moving({}));
    printer.update(moving({ objectsDone: 4 }));
    const done = moving({ objectsDone: 12 });
    done.state = 'succeeded';
    printer.finish(done);
    const lines = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.type, line.migration.progress.objects_done])).toEqual([['update', 3], ['update', 4], ['result', 12]]);
    expect(lines[2]).toMatchObject({ run_id: '0123456789abcdef', state: 'succeeded', migration: { from: 'bucket a', to: 'bucket b', total: { objects: 12 }, progress: { objects_total: 12 } } });
  });
});
