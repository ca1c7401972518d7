import { createTranslator } from 'use-intl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_EXPECTATIONS } from '@/lib/testing/fault-cases';
import { FAULTS, startFaultServer, type Fault, type FaultServer } from '@/lib/testing/fault-server';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { describeIssue, type Translate } from './describe-issue';
import { runStorageCheck } from './run-storage-check';
import type { StorageCheckResult } from '@/lib/storage/check/types';

// The check against an endpoint that misbehaves in every way a wrong port, a broken proxy or a bad
// network does. runStorageCheck is what the console, the Manage API and configuration runs call.

const TIMEOUT_MS = 2000;
// Fast faults end long before the deadline; slow ones at it, plus the cleanup grace at most.
const FAST_LIMIT_MS = 1500;
const DEADLINE_LIMIT_MS = TIMEOUT_MS + 1000;

const servers = new Map<Fault, FaultServer>();
const translators: Record<string, Translate> = Object.fromEntries(
  ([['en', en], ['zh', zh], ['fr', fr]] as const).map(([locale, messages]) => {
    const t = createTranslator({ locale, messages: { S3Storage: messages.S3Storage }, namespace: 'S3Storage' });
    return [locale, (key: string, params?: Record<string, string>) => (t as unknown as Translate)(key, params)];
  }),
);

beforeAll(async () => {
  for (const fault of FAULTS) servers.set(fault, await startFaultServer(fault));
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

function check(server: FaultServer): Promise<StorageCheckResult> {
  const target = { serviceUrl: server.url, bucket: 'packages', accessKey: 'AKIAFAULTMATRIX00001', secretKey: 'fault-matrix-secret-key-0000000000000000', region: '', pathStyle: 'auto' as const };
  return runStorageCheck(target, { timeoutMs: TIMEOUT_MS, reuseCleanupProof: false });
}

describe('storage check against misbehaving endpoints', () => {
  it.each(FAULTS)('%s: its own message on the right field, within the deadline', async (fault) => {
    const server = servers.get(fault)!;
    const expected = FAULT_EXPECTATIONS[fault];
    const started = performance.now();
    const result = await check(server);
    const elapsed = performance.now() - started;

    expect(result.ok).toBe(false);
    expect(server.connections()).toBeGreaterThan(0);
    const params = { host: server.host, ...(expected.waitsForDeadline ? { seconds: '2' } : {}), ...expected.params };
    if (expected.perPermission) {
      expect(result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) expect(error).toEqual({ code: expected.code, field: expected.field, permission: expect.any(String), params });
    } else {
      expect(result.errors).toEqual([{ code: expected.code, field: expected.field, params }]);
      expect(result.permissions.every((row) => row.status === 'not-run')).toBe(true);
    }
    expect(JSON.stringify(result)).not.toMatch(/"unexpected/);

    if (expected.waitsForDeadline) expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(expected.waitsForDeadline ? DEADLINE_LIMIT_MS : FAST_LIMIT_MS);

    // The same sentence in each language, with the host in it, every argument filled.
    const sentences = Object.values(translators).map((t) => describeIssue(result.errors[0]!, t).message);
    for (const sentence of sentences) {
      expect(sentence).toContain(server.host);
      expect(sentence).not.toMatch(/[{}]/);
    }
    expect(new Set(sentences).size).toBe(3);
  });

  it('a closed connection is not reported as a timeout, and not after the deadline', async () => {
    const result = await runStorageCheck(
      { serviceUrl: servers.get('closed')!.url, bucket: 'packages', accessKey: 'AKIAFAULTMATRIX00001', secretKey: 'x'.repeat(40), region: '', pathStyle: 'auto' },
      { timeoutMs: 10_000 },
    );
    expect(result.errors.map((error) => error.code)).toEqual(['endpointClosed']);
    expect(result.durationMs).toBeLessThan(1500);
  });
});
