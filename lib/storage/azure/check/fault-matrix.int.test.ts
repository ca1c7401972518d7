import { createTranslator } from 'use-intl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_FAULT_EXPECTATIONS, faultConnectionString } from '@/lib/testing/azure-fault-cases';
import { FAULTS, startFaultServer, type Fault, type FaultServer } from '@/lib/testing/fault-server';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { describeAzureIssue, type AzureTranslate } from './describe-issue';
import { runAzureStorageCheck } from './run-storage-check';

// The Azure check against the same misbehaving endpoints as the S3 check's fault matrix.

const TIMEOUT_MS = 2000;
const FAST_LIMIT_MS = 1500;
const DEADLINE_LIMIT_MS = TIMEOUT_MS + 1000;

const servers = new Map<Fault, FaultServer>();
const translators = ([['en', en], ['zh', zh], ['fr', fr]] as const).map(([locale, messages]) => {
  const t = createTranslator({ locale, messages: { AzureStorage: messages.AzureStorage }, namespace: 'AzureStorage' });
  return { locale, t: ((key: string, params?: Record<string, string>) => (t as unknown as AzureTranslate)(key, params)) as AzureTranslate };
});

beforeAll(async () => {
  for (const fault of FAULTS) servers.set(fault, await startFaultServer(fault));
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

describe('Azure check against misbehaving endpoints', () => {
  it.each(FAULTS)('%s: its own message on the connection string, within the deadline', async (fault) => {
    const server = servers.get(fault)!;
    const expected = AZURE_FAULT_EXPECTATIONS[fault];
    const started = performance.now();
    const result = await runAzureStorageCheck({ containerName: 'packages', connectionString: faultConnectionString(server) }, { timeoutMs: TIMEOUT_MS });
    const elapsed = performance.now() - started;

    expect(result.ok).toBe(false);
    expect(server.connections()).toBeGreaterThan(0);
    const params = { host: server.host, ...(expected.waitsForDeadline ? { seconds: '2' } : {}), ...expected.params };
    expect(result.errors).toEqual([{ code: expected.code, field: 'azureConnectionString', params }]);
    expect(result.permissions.every((row) => row.status === 'not-run')).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/"unexpected/);

    if (expected.waitsForDeadline) expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(expected.waitsForDeadline ? DEADLINE_LIMIT_MS : FAST_LIMIT_MS);

    const sentences = translators.map(({ locale, t }) => describeAzureIssue(result.errors[0]!, t, locale).message);
    for (const sentence of sentences) {
      expect(sentence).toContain(server.host);
      expect(sentence).not.toMatch(/[{}]/);
    }
    expect(new Set(sentences).size).toBe(3);
  });
});
