import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';
import { FAULT_EXPECTATIONS } from '@/lib/testing/fault-cases';
import { EVERY_FAULT_TIMEOUT_MS, FAULTS, startFaultServer, type Fault, type FaultServer } from '@/lib/testing/fault-server';
import { runCli, type CliRun } from '@/lib/testing/run-cli';

// The CLI against misbehaving endpoints, as a script runs it: every fault prints its result and exits 1.
// (Before, a server closing the connection at once made `storage check` print nothing and exit 0.)

const TIMEOUT_MS = 2000;
const servers = new Map<Fault, FaultServer>();

const check = (url: string, ...extra: string[]): Promise<CliRun> =>
  runCli(['storage', 'check', '--service-url', url, '--bucket', 'packages', '--access-key', 'AKIAFAULTMATRIX00001', '--timeout-ms', String(TIMEOUT_MS), ...extra], {
    env: { CONSOLE_S3_SECRET_KEY: 'fault-matrix-secret-key-0000000000000000' },
  });

/** Runs `task` over `items`, a few at a time: each CLI run is a process of its own on a shared machine. */
async function inBatches<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) results.push(...(await Promise.all(items.slice(index, index + size).map(task))));
  return results;
}

beforeAll(async () => {
  for (const fault of FAULTS) servers.set(fault, await startFaultServer(fault));
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

describe('cli storage check against misbehaving endpoints', () => {
  it('--json: one result object and exit 1 for every fault, with its code and field', async () => {
    const runs = await inBatches(FAULTS, 4, async (fault) => ({ fault, run: await check(servers.get(fault)!.url, '--json') }));
    for (const { fault, run } of runs) {
      const expected = FAULT_EXPECTATIONS[fault];
      expect(run.code, `${fault}: ${run.stderr}`).toBe(1);
      expect(run.stdout.trim().split('\n'), fault).toHaveLength(1);
      const json = JSON.parse(run.stdout) as { ok: boolean; permissions: Record<string, string>; errors: { code: string; field: string | null; message: string }[] };
      expect(json.ok, fault).toBe(false);
      expect(Object.keys(json.permissions).sort(), fault).toEqual([...PERMISSIONS].sort());
      expect(json.errors.length, fault).toBeGreaterThan(0);
      for (const error of json.errors) {
        expect({ fault, code: error.code, field: error.field }).toEqual({ fault, code: expected.code, field: expected.field });
        expect(error.message, fault).toContain(servers.get(fault)!.host);
      }
    }
  }, EVERY_FAULT_TIMEOUT_MS);

  it.each(['closed', 'reset', 'not-http', 'silent'] as const)('%s: a readable report and exit 1, within the deadline', async (fault) => {
    const run = await check(servers.get(fault)!.url);
    expect(run.code, run.stderr).toBe(1);
    const expected = FAULT_EXPECTATIONS[fault];
    expect(run.stdout).toContain(`[serviceUrl] ${servers.get(fault)!.host}`);
    expect(run.stdout).not.toMatch(/unexpected/i);
    const seconds = Number(/FAILED: .* \((\d+\.\d) s\)\.$/m.exec(run.stdout)?.[1]);
    expect(seconds).toBeLessThanOrEqual(expected.waitsForDeadline ? TIMEOUT_MS / 1000 + 1 : 1.5);
  });

  it('refuses a link-local or metadata service URL before sending anything (exit 2)', async () => {
    for (const url of ['https://169.254.169.254', 'https://[fe80::1]:9000', 'https://metadata.google.internal']) {
      const run = await check(url, '--json');
      expect(run.code, url).toBe(2);
      const json = JSON.parse(run.stdout) as { errors: { code: string; field: string }[] };
      expect(json.errors.map(({ code, field }) => ({ code, field })), url).toEqual([{ code: 'serviceUrlLinkLocal', field: 'serviceUrl' }]);
    }
  });
});
