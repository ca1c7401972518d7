import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { newRunRecord } from '@/lib/config-run/run-recorder';
import type { ConfigRunRecord } from '@/lib/config-run/types';
import { plainPrinter, progressBar, resultLines } from './run-output';
import { localizeRun } from '@/lib/config-run/localize-run';
import { runText } from './run-messages';

function withStates(states: ConfigRunRecord['phases'][number]['state'][]): ConfigRunRecord {
  const run = newRunRecord('0123456789abcdef', 'cli', 'cli');
  run.phases = run.phases.map((phase, index) => ({ ...phase, state: states[index] ?? 'pending' }));
  return run;
}

describe('cli run output', () => {
  it('draws a bar of the share of phases done', () => {
    expect(progressBar(0)).toBe(`[${'-'.repeat(30)}]   0%`);
    expect(progressBar(50)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%`);
    expect(progressBar(100)).toBe(`[${'#'.repeat(30)}] 100%`);
  });

  it('prints one line per phase change on a pipe, nothing twice', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => (text += chunk));
    const printer = plainPrinter(out);
    printer.update(withStates(['running']));
    printer.update(withStates(['running']));
    printer.update(withStates(['done', 'running']));
    expect(text).toBe('[1/5] Validate settings: Configuring\n[1/5] Validate settings: Done\n[2/5] Check storage: Configuring\n');
  });

  it('names the settings key of each problem of a failed run', () => {
    const run = withStates(['failed']);
    run.state = 'failed';
    run.phases[0]!.failure = { code: 'invalid', problems: [{ field: 'bucket', code: 'bucketRequired' }] };
    expect(resultLines(localizeRun(run, runText))).toEqual([
      'Run 0123456789abcdef: Configuration run failed at “Validate settings”: The settings are not valid. The previously applied configuration stays in force.',
      '  - [secrets.packages.s3-bucket] Enter the name of the S3 bucket.',
    ]);
  });
});
