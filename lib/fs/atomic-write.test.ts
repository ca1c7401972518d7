import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendLineDurable, createFileExclusive, writeFileAtomic } from './atomic-write';

let dir: string;
let fileHandlePrototype: object;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-write-'));
  // FileHandle is not exported; its prototype is reachable from any open handle.
  const probe = await fs.open(dir, 'r');
  fileHandlePrototype = Object.getPrototypeOf(probe) as object;
  await probe.close();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fs.chmod(dir, 0o700).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
});


describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const file = path.join(dir, 'settings.json');
    await fs.writeFile(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(await fs.readFile(file, 'utf8')).toBe('new content');
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
  });

  it('creates a missing file with the exact mode asked for, regardless of umask', async () => {
    const file = path.join(dir, 'secret.json');
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(file, 'x', { mode: 0o640 });
    } finally {
      process.umask(previous);
    }
    expect((await fs.stat(file)).mode & 0o777).toBe(0o640);
  });

  it('keeps the mode of the file it replaces when none is given', async () => {
    const file = path.join(dir, 'kept.json');
    await fs.writeFile(file, 'old', { mode: 0o600 });
    await fs.chmod(file, 0o600);
    await writeFileAtomic(file, 'new');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('fsyncs the file before the rename, then the directory', async () => {
    const file = path.join(dir, 'settings.json');
    const calls: string[] = [];
    const proto = fileHandlePrototype as { sync: () => Promise<void> };
    const realSync = proto.sync;
    const realRename = fs.rename;
    vi.spyOn(proto, 'sync').mockImplementation(function (this: unknown) {
      calls.push('sync');
      return realSync.call(this);
    });
    vi.spyOn(fs, 'rename').mockImplementation((from, to) => {
      calls.push('rename');
      return realRename(from, to);
    });
    await writeFileAtomic(file, 'data');
    expect(calls).toEqual(['sync', 'rename', 'sync']);
    expect(await fs.readFile(file, 'utf8')).toBe('data');
  });

  it.each(['writeFile', 'sync', 'chmod'] as const)('keeps the old content and removes the temp file when %s fails', async (method) => {
    const file = path.join(dir, 'settings.json');
    await fs.writeFile(file, 'old content');
    vi.spyOn(fileHandlePrototype as Record<typeof method, () => Promise<void>>, method).mockRejectedValue(
      Object.assign(new Error('injected failure'), { code: 'EIO' }),
    );
    await expect(writeFileAtomic(file, 'new content', { mode: 0o600 })).rejects.toThrow('injected failure');
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
  });

  it('keeps the old content and removes the temp file when the rename fails', async () => {
    const file = path.join(dir, 'settings.json');
    await fs.writeFile(file, 'old content');
    vi.spyOn(fs, 'rename').mockRejectedValue(Object.assign(new Error('injected rename failure'), { code: 'EXDEV' }));
    await expect(writeFileAtomic(file, 'new content')).rejects.toThrow('injected rename failure');
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
  });

  it('fails cleanly when the parent path is a file', async () => {
    const parent = path.join(dir, 'not-a-dir');
    await fs.writeFile(parent, 'old content');
    await expect(writeFileAtomic(path.join(parent, 'settings.json'), 'new')).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(await fs.readFile(parent, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['not-a-dir']);
  });

  it('does not clobber a file of the same name as a would-be temp file', async () => {
    const file = path.join(dir, 'a.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `v${i}`)));
    expect(await fs.readFile(file, 'utf8')).toMatch(/^v\d+$/);
    expect(await fs.readdir(dir)).toEqual(['a.json']);
  });
});

describe('createFileExclusive', () => {
  it('creates the file once; later or racing calls report false and keep the first content', async () => {
    const file = path.join(dir, 'key');
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((data) => createFileExclusive(file, data, { mode: 0o600 })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
    expect(await fs.readFile(file, 'utf8')).toBe(winner);
    expect(await createFileExclusive(file, 'z')).toBe(false);
    expect(await fs.readFile(file, 'utf8')).toBe(winner);
    expect(await fs.readdir(dir)).toEqual(['key']);
  });
});

describe('appendLineDurable', () => {
  it('appends lines, fsyncing each, and starts a fresh line after a torn fragment', async () => {
    const file = path.join(dir, 'audit.log');
    const sync = vi.spyOn(fileHandlePrototype as { sync: () => Promise<void> }, 'sync');
    await appendLineDurable(file, 'one');
    await fs.appendFile(file, '{"torn');
    await appendLineDurable(file, 'two');
    expect(await fs.readFile(file, 'utf8')).toBe('one\n{"torn\ntwo\n');
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it('refuses a line containing a newline', async () => {
    await expect(appendLineDurable(path.join(dir, 'audit.log'), 'a\nb')).rejects.toThrow(/newline/);
  });
});
