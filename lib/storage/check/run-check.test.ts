import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { forgetAllRemovals } from './proven-removal';
import { CheckReport } from './report';
import { runInSequence } from './run-all';
import { runCheckRounds, type CheckPlan } from './run-check';

// The skeleton every type's check runs in: which rounds go out, in what order, and what the removal
// proof remembers. A fake type records its rounds instead of sending requests.

vi.mock('server-only', () => ({}));

const ROWS = ['Delete', 'Write', 'Read'] as const;
type Row = (typeof ROWS)[number];
const options = { timeoutMs: 2_000, network: { caPems: [], proxy: parseProxySettings({}) } };

/** A fake type: its rounds log what they do and pass (or fail `failing`) their rows; `fatalLook`: the look finds the endpoint gone. */
function fakeCheck(identity: string[], failing: Row | null = null, fatalLook = false) {
  const log: string[] = [];
  const report = new CheckReport<null, Row>(ROWS);
  const mark = (row: Row) => (row === failing ? report.fail(row, { code: 'permissionDenied', field: null }) : report.pass(row));
  const plan: CheckPlan<null, Row, string> = {
    endpoint: { url: 'http://127.0.0.1:9', field: null },
    proofIdentity: identity,
    removalRows: ['Delete'],
    rounds: {
      look: async (prove) => {
        log.push(`look prove=${prove}`);
        if (fatalLook) return report.setFatal({ code: 'endpointUnreachable', field: null });
        if (prove) mark('Delete');
      },
      write: async (proven) => {
        log.push(`write proven=${proven}`);
        mark('Write');
        return 'written';
      },
      read: async (written) => {
        log.push(`read ${written}`);
        mark('Read');
      },
    },
    cleanUp: async (signal) => {
      log.push(`cleanup aborted=${signal.aborted}`);
      // As a type's cleanup: deleting what was written decides the row the skipped proof left open.
      if (!report.fatal && report.status('Delete') === undefined) mark('Delete');
    },
    close: () => log.push('close'),
  };
  const run = () => runCheckRounds({ report, startedAt: performance.now(), options, all: runInSequence }, async () => plan);
  return { log, run };
}

beforeEach(() => forgetAllRemovals());

describe('runCheckRounds', () => {
  it('proves removal in a round of its own, then skips that proof while the pass is remembered', async () => {
    const identity = [randomUUID()];
    const first = fakeCheck(identity);
    expect((await first.run()).ok).toBe(true);
    expect(first.log).toEqual(['look prove=true', 'write proven=false', 'read written', 'cleanup aborted=false', 'close']);
    const second = fakeCheck(identity);
    expect((await second.run()).ok).toBe(true);
    expect(second.log).toEqual(['look prove=false', 'write proven=true', 'read written', 'cleanup aborted=false', 'close']);
  });

  it('forgets the proof when a removal row fails, so the next check proves again', async () => {
    const identity = [randomUUID()];
    await fakeCheck(identity).run();
    const denied = fakeCheck(identity, 'Delete');
    expect((await denied.run()).ok).toBe(false);
    const next = fakeCheck(identity);
    await next.run();
    expect(next.log[0]).toBe('look prove=true');
  });

  it('stops after a fatal issue but still cleans up', async () => {
    const { log, run } = fakeCheck([randomUUID()], null, true);
    const result = await run();
    expect(log).toEqual(['look prove=true', 'cleanup aborted=false', 'close']);
    expect(result.permissions.map((row) => `${row.permission}:${row.status}:${row.code}`)).toEqual(ROWS.map((row) => `${row}:not-run:endpointUnreachable`));
  });

  it('sends nothing when the type cannot start, and says why on every row', async () => {
    const report = new CheckReport<null, Row>(ROWS);
    const result = await runCheckRounds({ report, startedAt: performance.now(), options, all: runInSequence }, async () => {
      report.setFatal({ code: 'credentialsMissing', field: null });
      return null;
    });
    expect(result.ok).toBe(false);
    expect(result.permissions.every((row) => row.status === 'not-run' && row.code === 'credentialsMissing')).toBe(true);
  });
});
