import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { appendHealthRecord, historyPath, MAX_CHANGES, MAX_RECORDS, readHealthHistory } from './history-store';
import type { HealthRecord } from './types';

let env: ConsoleEnv;
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'health-history-'));
  env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dir });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function record(at: Date, state: HealthRecord['state'] = 'healthy'): HealthRecord {
  return {
    checkedAt: at.toISOString(),
    state,
    cause: { code: state === 'healthy' ? 'allPassed' : 'operationFailed' },
    runId: 'abcdef0123456789',
    certificateExpiresAt: null,
    operations: [
      { operation: 'list', status: 'pass', latencyMs: 12 },
      { operation: 'write', status: 'pass', latencyMs: 30 },
      { operation: 'read', status: 'pass', latencyMs: 9 },
      { operation: 'delete', status: 'pass', latencyMs: 11 },
    ],
  };
}

describe('storage health history', () => {
  it('keeps records and changes across reads from disk, private to the owner', async () => {
    const at = new Date();
    await appendHealthRecord(env, record(at), { at: at.toISOString(), from: 'unknown', to: 'healthy', cause: { code: 'allPassed' } });
    const history = await readHealthHistory(env);
    expect(history.records).toHaveLength(1);
    expect(history.changes).toMatchObject([{ from: 'unknown', to: 'healthy' }]);
    expect((await stat(historyPath(env))).mode & 0o777).toBe(0o600);
  });

  it('drops records older than 7 days and stays within its count bounds after many checks', async () => {
    const old = record(new Date(Date.now() - 8 * 86_400_000));
    const many = Array.from({ length: MAX_RECORDS + 500 }, (_, index) => record(new Date(Date.now() - (MAX_RECORDS + 500 - index) * 1000)));
    const changes = Array.from({ length: MAX_CHANGES + 50 }, (_, index) => ({
      at: new Date(Date.now() - (MAX_CHANGES + 50 - index) * 1000).toISOString(),
      from: 'healthy',
      to: 'failing',
      cause: { code: 'operationFailed', operation: 'write', issue: 'endpointRefused', params: { host: '127.0.0.1:7480' } },
    }));
    await writeFile(historyPath(env), JSON.stringify({ format: 1, records: [old, ...many], changes }));
    const latest = record(new Date(), 'failing');
    const after = await appendHealthRecord(env, latest, null);
    expect(after.records).toHaveLength(MAX_RECORDS);
    expect(after.changes).toHaveLength(MAX_CHANGES);
    expect(after.records).not.toContainEqual(old);
    expect(after.records.at(-1)).toEqual(latest);
    // README: about 0.9 MB when full of healthy checks.
    expect((await stat(historyPath(env))).size).toBeLessThan(1_000_000);
  });

  it('starts a new history over a damaged file instead of failing every check', async () => {
    await writeFile(historyPath(env), '{"format":1,"records":[{"broken"');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await readHealthHistory(env)).toEqual({ records: [], changes: [] });
    await appendHealthRecord(env, record(new Date()), null);
    expect((await readHealthHistory(env)).records).toHaveLength(1);
  });

  it('reads a file written before services were probed as records without services, and keeps the services of new ones', async () => {
    const before = record(new Date(Date.now() - 60_000));
    await writeFile(historyPath(env), JSON.stringify({ format: 1, records: [before], changes: [] }));
    const probed: HealthRecord = {
      ...record(new Date(), 'degraded'),
      cause: { code: 'serviceDown', ecosystem: 'npm', error: 'httpStatus', params: { status: '502' } },
      services: [
        { ecosystem: 'npm', up: false, latencyMs: 4, mode: 'enabled', state: 'crashed', restarts: 2, error: 'httpStatus', httpStatus: 502 },
        { ecosystem: 'build-cache', up: true, latencyMs: 3, mode: 'read-only', state: 'read-only', restarts: 0 },
      ],
    };
    await appendHealthRecord(env, probed, null);
    const history = await readHealthHistory(env);
    expect(history.records[0]).toEqual(before);
    expect(history.records[0]).not.toHaveProperty('services');
    expect(history.records[1]).toEqual(probed);
  });
});
