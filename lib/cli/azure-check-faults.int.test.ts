import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_OPERATIONS } from '@/lib/storage/azure/sas';
import { AZURE_FAULT_EXPECTATIONS, faultConnectionString } from '@/lib/testing/azure-fault-cases';
import { EVERY_FAULT_TIMEOUT_MS, FAULTS, startFaultServer, type Fault, type FaultServer } from '@/lib/testing/fault-server';
import { runCli, type CliRun } from '@/lib/testing/run-cli';

// `cli storage check --type azure` against the fault matrix, as a script runs it: every fault prints
// one result with its own code on the connection string, and exits 1.

const TIMEOUT_MS = 2000;
const servers = new Map<Fault, FaultServer>();

const check = (server: FaultServer, ...extra: string[]): Promise<CliRun> =>
  runCli(['storage', 'check', '--type', 'azure', '--container', 'packages', '--timeout-ms', String(TIMEOUT_MS), ...extra], {
    env: { CONSOLE_AZURE_CONNECTION_STRING: faultConnectionString(server) },
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

describe('cli storage check --type azure against misbehaving endpoints', () => {
  it('--json: one result object and exit 1 for every fault, with its code on the connection string', async () => {
    const runs = await inBatches(FAULTS, 4, async (fault) => ({ fault, run: await check(servers.get(fault)!, '--json') }));
    for (const { fault, run } of runs) {
      expect(run.code, `${fault}: ${run.stderr}`).toBe(1);
      expect(run.stdout.trim().split('\n'), fault).toHaveLength(1);
      const json = JSON.parse(run.stdout) as { ok: boolean; permissions: Record<string, string>; errors: { code: string; field: string | null; message: string }[] };
      expect(json.ok, fault).toBe(false);
      expect(Object.keys(json.permissions), fault).toEqual([...AZURE_OPERATIONS]);
      expect(json.errors.map(({ code, field }) => ({ fault, code, field }))).toEqual([{ fault, code: AZURE_FAULT_EXPECTATIONS[fault].code, field: 'azureConnectionString' }]);
      expect(json.errors[0]!.message, fault).toContain(servers.get(fault)!.host);
    }
  }, EVERY_FAULT_TIMEOUT_MS);

  it.each(['closed', 'not-http', 'truncated-body', 'silent'] as const)('%s: a readable report and exit 1, within the deadline', async (fault) => {
    const started = performance.now();
    const run = await check(servers.get(fault)!);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(servers.get(fault)!.host);
    expect(run.stdout).not.toMatch(/unexpected/i);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 8000);
  });
});
