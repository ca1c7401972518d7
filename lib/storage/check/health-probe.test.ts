import { describe, expect, it, vi } from 'vitest';
import { HEALTH_PREFIX } from '../console-prefixes';
import { healthRefused, probeStorageHealth, type HealthRequests } from './health-probe';

// The health probe's steps, the same for every type, over a fake store held in a Map.

vi.mock('server-only', () => ({}));

const denied = Object.assign(new Error('denied'), { name: 'Denied' });

function fakeStore(change: Partial<HealthRequests> = {}) {
  const objects = new Map<string, string>([[`${HEALTH_PREFIX}stale`, 'left by an earlier probe']]);
  const requests: HealthRequests = {
    endpoint: 'http://127.0.0.1:9',
    nothingWritten: 'notRunNoThing',
    classify: (error, operation, facts) => ({ code: error === denied ? 'permissionDenied' : facts.timedOut ? 'endpointTimeout' : 'unexpected', permission: operation }),
    answered: { status: 200 },
    list: async (prefix) => [...objects.keys()].filter((name) => name.startsWith(prefix)),
    write: async (name, body) => objects.set(name, body),
    read: async (name) => objects.get(name) ?? '',
    remove: async (name) => objects.delete(name),
    isRejection: (error) => error === denied,
    ...change,
  };
  return { objects, requests };
}

const summary = (operations: { operation: string; status: string; code?: string }[]) => operations.map((row) => `${row.operation}:${row.status}${row.code ? `:${row.code}` : ''}`);

describe('probeStorageHealth', () => {
  it('lists, writes, reads back, deletes, and removes an earlier probe left behind', async () => {
    const { objects, requests } = fakeStore();
    const result = await probeStorageHealth(requests, { timeoutMs: 2_000 });
    expect(summary(result.operations)).toEqual(['list:pass', 'write:pass', 'read:pass', 'delete:pass']);
    expect(result.operations.every((row) => typeof row.latencyMs === 'number')).toBe(true);
    expect([...objects.keys()]).toEqual([]);
    expect(result.certificateExpiresAt).toBeNull();
  });

  it('names other content read back as a mismatch, and still deletes', async () => {
    const { objects, requests } = fakeStore({ read: async () => 'a cached page' });
    const result = await probeStorageHealth(requests, { timeoutMs: 2_000 });
    expect(summary(result.operations)).toEqual(['list:pass', 'write:pass', 'read:fail:objectMismatch', 'delete:pass']);
    expect(objects.size).toBe(0);
  });

  it("a refused write made nothing: read and delete do not run, in the type's words", async () => {
    const { requests } = fakeStore({ write: async () => Promise.reject(denied) });
    const result = await probeStorageHealth(requests, { timeoutMs: 2_000 });
    expect(summary(result.operations)).toEqual(['list:pass', 'write:fail:permissionDenied', 'read:not-run:notRunNoThing', 'delete:not-run:notRunNoThing']);
  });

  it('a write without an answer may have landed: it is deleted', async () => {
    const remove = vi.fn(async () => true);
    const { requests } = fakeStore({ write: async () => Promise.reject(new Error('socket hang up')), remove });
    const result = await probeStorageHealth(requests, { timeoutMs: 2_000 });
    expect(summary(result.operations)).toEqual(['list:pass', 'write:fail:unexpected', 'read:not-run:notRunNoThing', 'delete:pass']);
    expect(remove).toHaveBeenCalledTimes(2);
  });

  it('stops after a list the deadline cut short', async () => {
    const { requests } = fakeStore({ list: (_prefix, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))) });
    const result = await probeStorageHealth(requests, { timeoutMs: 50 });
    expect(summary(result.operations)).toEqual(['list:fail:endpointTimeout', 'write:not-run:notRunEarlierFailure', 'read:not-run:notRunEarlierFailure', 'delete:not-run:notRunEarlierFailure']);
  });
});

describe('healthRefused', () => {
  it('fails the list with the reason and runs nothing else', () => {
    const result = healthRefused({ code: 'sasExpired', params: { expiry: '2026-01-01' } });
    expect(result.operations[0]).toEqual({ operation: 'list', status: 'fail', code: 'sasExpired', latencyMs: null, params: { expiry: '2026-01-01' } });
    expect(summary(result.operations.slice(1))).toEqual(['write:not-run:notRunEarlierFailure', 'read:not-run:notRunEarlierFailure', 'delete:not-run:notRunEarlierFailure']);
  });
});
