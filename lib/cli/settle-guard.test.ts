import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { TSX } from '@/lib/testing/run-cli';
import { UNSETTLED_MESSAGE } from './settle-guard';

const FIXTURE = path.join(ROOT, 'lib/testing/never-settling-command.ts');
const run = (...args: string[]) => spawnSync(TSX, [FIXTURE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

describe('runCommand', () => {
  it('exits 1 with a line saying so when the command never settles', () => {
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(UNSETTLED_MESSAGE);
  });

  it('keeps the exit status of a command that settles, without the line', () => {
    const result = run('resolve');
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain(UNSETTLED_MESSAGE);
  });
});
