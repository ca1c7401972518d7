import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '@/lib/testing/memory-object-access';
import { classify } from './errors';
import { openJournal, parseJournal } from './journal';
import { backoffMs } from './retry';
import { copyObjects, prefixScopes, verifyObjects } from './index';

const journalPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'migration-')), 'journal.jsonl');

async function copied() {
  const source = memoryStore();
  for (let index = 0; index < 12; index++) source.put(`npm/o${index}`, Buffer.alloc(5000 + index, index));
  const target = memoryStore();
  const journal = journalPath();
  await copyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal });
  return { source, target, journal };
}

describe('verifyObjects', () => {
  it('proves every object by read-back and the counts', async () => {
    const { source, target, journal } = await copied();
    const result = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal });
    expect(result).toMatchObject({ sourceObjects: 12, targetObjects: 12, verified: 12, mismatches: [], countsMatch: true });
    // The manifest's hashes stand for the unchanged source: only the target is read back.
    expect(source.calls.reads).toBe(12);
    expect(target.calls.reads).toBe(12);
  });

  it('catches a target object changed behind the run, of the same size or not, and one missing', async () => {
    const { source, target, journal } = await copied();
    const original = target.objects.get('npm/o3')!;
    target.objects.set('npm/o3', { ...original, body: Buffer.alloc(original.body.length, 0xff) });
    target.put('npm/o5', 'short');
    target.objects.delete('npm/o7');
    const result = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, retry: { attempts: 1 } });
    expect(result.mismatches.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'npm/o3', code: 'hash-mismatch' },
      { key: 'npm/o5', code: 'size-mismatch' },
      { key: 'npm/o7', code: 'missing' },
    ]);
    expect(result).toMatchObject({ verified: 9, targetObjects: 11, countsMatch: false });
  });

  it('hashes the source again when it changed since the copy', async () => {
    const { source, target, journal } = await copied();
    source.put('npm/o2', 'changed at the source');
    const result = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, retry: { attempts: 1 } });
    expect(result.mismatches).toEqual([{ key: 'npm/o2', code: 'size-mismatch' }]);
  });
});

describe('the resume manifest', () => {
  it('ignores a torn last line and cuts it before appending', async () => {
    const file = journalPath();
    const line = (key: string) => `${JSON.stringify({ key, size: 1, marker: 'm', sha256: 'h' })}\n`;
    writeFileSync(file, line('a') + line('b') + '{"key":"c","si');
    expect([...parseJournal(readFileSync(file, 'utf8')).keys()]).toEqual(['a', 'b']);
    const journal = await openJournal(file);
    expect([...journal.proven.keys()]).toEqual(['a', 'b']);
    journal.add({ key: 'd', size: 2, marker: 'm', sha256: 'h' });
    await journal.close();
    expect(readFileSync(file, 'utf8')).toBe(line('a') + line('b') + `${JSON.stringify({ key: 'd', size: 2, marker: 'm', sha256: 'h' })}\n`);
    appendFileSync(file, 'not json\n');
    expect([...parseJournal(readFileSync(file, 'utf8')).keys()]).toEqual(['a', 'b', 'd']);
  });
});

describe('a forgotten key and a partial verify', () => {
  it('a forget line takes the key out of what the manifest proves, also after a reopen', async () => {
    const file = journalPath();
    const journal = await openJournal(file);
    journal.add({ key: 'a', size: 1, marker: 'm', sha256: 'h' });
    journal.add({ key: 'b', size: 1, marker: 'm', sha256: 'h' });
    journal.forget('a');
    expect([...journal.proven.keys()]).toEqual(['b']);
    await journal.close();
    expect([...parseJournal(readFileSync(file, 'utf8')).keys()]).toEqual(['b']);
    const again = await openJournal(file);
    again.add({ key: 'a', size: 2, marker: 'n', sha256: 'i' });
    await again.close();
    expect(parseJournal(readFileSync(file, 'utf8')).get('a')).toEqual({ key: 'a', size: 2, marker: 'n', sha256: 'i' });
  });

  it('reads back only the keys given, still comparing the counts as a whole, and reports each copied key', async () => {
    const source = memoryStore();
    for (let index = 0; index < 6; index++) source.put(`npm/o${index}`, Buffer.alloc(100, index));
    const target = memoryStore();
    const journal = journalPath();
    const copiedKeys: string[] = [];
    await copyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, onCopied: (key) => copiedKeys.push(key) });
    expect(copiedKeys.sort()).toEqual(['npm/o0', 'npm/o1', 'npm/o2', 'npm/o3', 'npm/o4', 'npm/o5']);
    const before = target.calls.reads;
    const partial = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, only: new Set(['npm/o1', 'npm/o4']) });
    expect(partial).toMatchObject({ sourceObjects: 6, targetObjects: 6, verified: 2, countsMatch: true });
    expect(target.calls.reads - before).toBe(2);
    target.put('npm/extra', 'x');
    const extra = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, only: new Set() });
    expect(extra).toMatchObject({ targetObjects: 7, countsMatch: false });
  });

  it('live, proves what the copy proved and leaves what came or changed since to the final copy', async () => {
    const { source, target, journal } = await copied();
    source.put('npm/new', 'published during the copy');
    source.put('npm/o2', 'changed at the source since');
    const live = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, live: true, retry: { attempts: 1 } });
    expect(live).toMatchObject({ sourceObjects: 13, targetObjects: 12, verified: 11, deferred: 2, mismatches: [], countsMatch: true });
    // With uploads held, the same storage fails the counts until the final copy has run.
    const held = await verifyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, only: new Set(), retry: { attempts: 1 } });
    expect(held.countsMatch).toBe(false);
  });

  it('does not count an object deleted at the source between listing and read as a failure', async () => {
    const source = memoryStore();
    for (let index = 0; index < 5; index++) source.put(`npm/o${index}`, Buffer.alloc(10, index));
    const original = source.openRead.bind(source);
    source.openRead = async (key, signal) => {
      if (key === 'npm/o3') {
        source.objects.delete(key);
        throw Object.assign(new Error('gone'), { $metadata: { httpStatusCode: 404 } });
      }
      return original(key, signal);
    };
    const result = await copyObjects({ source, target: memoryStore(), scopes: prefixScopes(['npm/']), journalPath: journalPath() });
    expect(result).toMatchObject({ objects: 5, copied: 4, vanished: 1, failures: [] });
  });

  it('lists a scope without the prefixes it excludes', async () => {
    const source = memoryStore();
    for (const key of ['a/1', 'packages-services/x/2', '.console-health/3', 'b/4']) source.put(key, 'x');
    const target = memoryStore();
    const result = await copyObjects({ source, target, scopes: [{ prefix: '', exclude: ['packages-services/', '.console-health/'] }], journalPath: journalPath() });
    expect(result.copied).toBe(2);
    expect([...target.objects.keys()].sort()).toEqual(['a/1', 'b/4']);
  });
});

describe('failure codes', () => {
  it('name throttling, server errors, resets and refusals by code', () => {
    expect(classify(Object.assign(new Error(), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }))).toEqual({ code: 'throttled', retriable: true, status: 503 });
    expect(classify(Object.assign(new Error(), { statusCode: 429 }))).toMatchObject({ code: 'throttled', retriable: true });
    expect(classify(Object.assign(new Error(), { code: 'ServerBusy' }))).toMatchObject({ code: 'throttled', retriable: true });
    expect(classify(Object.assign(new Error(), { statusCode: 500 }))).toMatchObject({ code: 'server-error', retriable: true });
    expect(classify(Object.assign(new Error(), { code: 'ECONNRESET' }))).toMatchObject({ code: 'connection', retriable: true });
    expect(classify(Object.assign(new Error(), { name: 'TimeoutError' }))).toMatchObject({ code: 'timeout', retriable: true });
    expect(classify(Object.assign(new Error(), { statusCode: 403 }))).toMatchObject({ code: 'denied', retriable: false });
    expect(classify(Object.assign(new Error(), { statusCode: 400 }))).toMatchObject({ code: 'client-error', retriable: false });
  });

  it('back off exponentially up to the cap, with jitter', () => {
    const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, options, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, options, () => 0)).toBe(200);
  });
});
