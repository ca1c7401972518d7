import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryStore, type MemoryStore } from '@/lib/testing/memory-object-access';
import { UNREACHABLE_STREAK } from './copy';
import { copyObjects, inventory, prefixScopes, type Progress } from './index';

const journalPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'migration-')), 'run', 'journal.jsonl');
const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

function populated(count = 20): MemoryStore {
  const source = memoryStore();
  for (let index = 0; index < count; index++) {
    const prefix = index % 2 === 0 ? 'npm/' : 'docker/';
    source.put(`${prefix}obj-${index}`, Buffer.alloc(1000 + index * 100, index), index === 0 ? 'application/json' : 'application/octet-stream', { sha: `m${index}` });
  }
  source.put('other/not-copied', 'x');
  return source;
}

describe('inventory', () => {
  it('counts objects and bytes per prefix from a listing only', async () => {
    const source = populated();
    const result = await inventory(source, ['npm/', 'docker/', 'none/']);
    expect(result.map((entry) => [entry.prefix, entry.objects])).toEqual([['npm/', 10], ['docker/', 10], ['none/', 0]]);
    expect(result[0]?.bytes).toBe([0, 2, 4, 6, 8, 10, 12, 14, 16, 18].reduce((sum, index) => sum + 1000 + index * 100, 0));
    expect(source.calls.reads).toBe(0);
  });
});

describe('copyObjects', () => {
  it('copies every object under the prefixes with its content type and metadata, never touching the source', async () => {
    const source = populated();
    const before = new Map([...source.objects].map(([key, value]) => [key, value.body.toString('hex')]));
    const target = memoryStore();
    const seen: Progress[] = [];
    const result = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journalPath(), onProgress: (progress) => seen.push(progress) });
    expect(result).toMatchObject({ objects: 20, copied: 20, skipped: 0, failures: [], cancelled: false });
    expect([...target.objects.keys()].sort()).toEqual([...source.objects.keys()].filter((key) => !key.startsWith('other/')).sort());
    expect(target.objects.get('npm/obj-0')).toMatchObject({ contentType: 'application/json', metadata: { sha: 'm0' } });
    expect(target.objects.get('docker/obj-3')!.body.equals(source.objects.get('docker/obj-3')!.body)).toBe(true);
    expect(new Map([...source.objects].map(([key, value]) => [key, value.body.toString('hex')]))).toEqual(before);
    expect(source.calls.writes + source.calls.removes).toBe(0);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ phase: 'copy', objectsDone: 20, objectsTotal: 20, secondsLeft: 0 });
    expect(last.bytesDone).toBe(last.bytesTotal);
  });

  it('keeps at most `concurrency` objects in flight', async () => {
    const source = populated(30);
    source.chunkDelayMs = 2;
    let inFlight = 0;
    let peak = 0;
    const target = memoryStore();
    const write = target.write.bind(target);
    target.write = async (key, body, options) => {
      peak = Math.max(peak, ++inFlight);
      try {
        await write(key, body, options);
      } finally {
        inFlight -= 1;
      }
    };
    await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journalPath(), concurrency: 3 });
    expect(peak).toBe(3);
    expect(target.objects.size).toBe(30);
  });

  it('keeps at most eight objects larger than a part in flight at any concurrency, small ones filling the rest', async () => {
    const source = populated(40);
    source.chunkDelayMs = 2;
    const isLayer = (key: string) => Number(key.split('-').at(-1)) % 4 < 2;
    // Half listed as 40 MiB layers (their bodies stay small here): what the memory budget goes by.
    const list = source.listObjects.bind(source);
    source.listObjects = async function* (prefix, signal) {
      for await (const object of list(prefix, signal)) yield isLayer(object.key) ? { ...object, size: 40 * 1024 * 1024 } : object;
    };
    const target = memoryStore();
    const write = target.write.bind(target);
    const inFlight = { all: 0, large: 0 };
    const peak = { all: 0, large: 0 };
    target.write = async (key, body, options) => {
      const large = isLayer(key);
      inFlight.all += 1;
      if (large) inFlight.large += 1;
      peak.all = Math.max(peak.all, inFlight.all);
      peak.large = Math.max(peak.large, inFlight.large);
      try {
        await write(key, body, options);
      } finally {
        inFlight.all -= 1;
        if (large) inFlight.large -= 1;
      }
    };
    const result = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journalPath(), concurrency: 32 });
    expect(result).toMatchObject({ copied: 40, failures: [] });
    expect(peak.large).toBe(8);
    expect(peak.all).toBeGreaterThan(8);
  });

  it('retries throttling and resets, and names each lasting failure by key and code', async () => {
    const source = populated(6);
    const target = memoryStore();
    const attempts = new Map<string, number>();
    target.fault = (call, key) => {
      const count = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, count);
      if (key === 'npm/obj-0' && count <= 2) throw Object.assign(new Error('slow down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
      if (key === 'npm/obj-2' && count === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      if (key === 'docker/obj-1') throw Object.assign(new Error('denied'), { $metadata: { httpStatusCode: 403 } });
      if (key === 'docker/obj-3') throw Object.assign(new Error('busy'), { name: 'ServerBusy', statusCode: 503 });
    };
    const result = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journalPath(), retry: FAST });
    expect(attempts.get('npm/obj-0')).toBe(3);
    expect(attempts.get('npm/obj-2')).toBe(2);
    expect(attempts.get('docker/obj-1')).toBe(1);
    expect(attempts.get('docker/obj-3')).toBe(4);
    expect(result.failures.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'docker/obj-1', code: 'denied', status: 403 },
      { key: 'docker/obj-3', code: 'throttled', status: 503 },
    ]);
    expect(result.copied).toBe(4);
  });

  it('gives up on the rest once object after object fails to reach the storage, and a resume copies only the rest', async () => {
    const source = populated(60);
    const target = memoryStore();
    let down = false;
    target.fault = () => {
      if (down) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    };
    const journal = journalPath();
    const first = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journal, retry: FAST, concurrency: 2, onCopied: () => target.objects.size >= 10 && (down = true) });
    expect(first.unreachable).toBe(true);
    expect(first.failures.length).toBeGreaterThanOrEqual(UNREACHABLE_STREAK);
    expect(first.failures.every((failure) => failure.code === 'connection')).toBe(true);
    // Not every remaining object was tried: the copy stopped taking new ones.
    expect(first.copied + first.failures.length).toBeLessThan(60);
    down = false;
    const resumed = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journal, retry: FAST });
    expect(resumed).toMatchObject({ unreachable: false, failures: [], skipped: first.copied, copied: 60 - first.copied });
  });

  it('does not give up on failures that are the objects\' own (refused, not found)', async () => {
    const source = populated(40);
    const target = memoryStore();
    target.fault = (_call, key) => {
      if (!key.endsWith('-0')) throw Object.assign(new Error('denied'), { $metadata: { httpStatusCode: 403 } });
    };
    const result = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journalPath(), retry: FAST });
    expect(result.unreachable).toBe(false);
    expect(result.objects).toBe(40);
    expect(result.failures).toHaveLength(39);
  });

  it('resumes: skips what the manifest proves, copies again what changed at the source', async () => {
    const source = populated(10);
    const target = memoryStore();
    const journal = journalPath();
    await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journal });
    source.put('npm/obj-4', 'changed since the copy');
    source.put('npm/new', 'new at the source');
    const again = await copyObjects({ source, target, scopes: prefixScopes(['npm/', 'docker/']), journalPath: journal });
    expect(again).toMatchObject({ objects: 11, copied: 2, skipped: 9 });
    expect(again.bytesMoved).toBe(Buffer.byteLength('changed since the copy') + Buffer.byteLength('new at the source'));
    expect(target.objects.get('npm/obj-4')!.body.toString()).toBe('changed since the copy');
    const lines = readFileSync(journal, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toEqual(expect.objectContaining({ size: expect.any(Number), marker: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }));
  });

  it('stops promptly on cancel, aborting writes in flight, and a resume copies only the rest', async () => {
    const source = memoryStore();
    for (let index = 0; index < 40; index++) source.put(`npm/big-${String(index).padStart(2, '0')}`, Buffer.alloc(256 * 1024, index));
    // About 120 ms an object, 1.2 s in all at 4 in flight: longer than the meter's 500 ms between reports,
    // so a report with 10 done arrives while most objects are still to copy.
    source.chunkDelayMs = 30;
    const target = memoryStore();
    const journal = journalPath();
    const controller = new AbortController();
    const started = Date.now();
    const first = copyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal, concurrency: 4, signal: controller.signal, onProgress: (progress) => progress.objectsDone >= 10 && controller.abort() });
    const cancelled = await first;
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.failures).toEqual([]);
    expect(cancelled.copied).toBeGreaterThanOrEqual(10);
    expect(cancelled.copied).toBeLessThan(40);
    expect(target.calls.writesAborted).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
    source.chunkDelayMs = 0;
    const resumed = await copyObjects({ source, target, scopes: prefixScopes(['npm/']), journalPath: journal });
    expect(resumed.skipped).toBe(cancelled.copied);
    expect(resumed.copied).toBe(40 - cancelled.copied);
    expect(resumed.bytesMoved).toBe((40 - cancelled.copied) * 256 * 1024);
    expect(target.objects.size).toBe(40);
  });
});
