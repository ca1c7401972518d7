import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedFileReader } from './cached-file';

describe('cachedFileReader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cached-file-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('parses once while the file is unchanged and again after a replacement or removal', async () => {
    const file = path.join(dir, 'state.json');
    let parses = 0;
    const read = cachedFileReader(
      (raw) => {
        parses += 1;
        return JSON.parse(raw) as { n: number };
      },
      { settleMs: 0 }, // cache even a file written just now
    );
    expect(await read(file)).toBeNull();
    await fs.writeFile(file, '{"n":1}');
    expect(await read(file)).toEqual({ n: 1 });
    expect(await read(file)).toEqual({ n: 1 });
    expect(parses).toBe(1);
    // Replaced by rename, as the app's atomic writes do: another inode.
    await fs.writeFile(`${file}.tmp`, '{"n":2}');
    await fs.rename(`${file}.tmp`, file);
    expect(await read(file)).toEqual({ n: 2 });
    await fs.rm(file);
    expect(await read(file)).toBeNull();
    expect(parses).toBe(2);
  });

  it('reads a file changed within the settle time every time (file times are coarse)', async () => {
    const file = path.join(dir, 'state.json');
    const read = cachedFileReader((raw) => JSON.parse(raw) as { n: number });
    await fs.writeFile(file, '{"n":1}');
    expect(await read(file)).toEqual({ n: 1 });
    // In place, same size, probably within the same clock tick: not told apart by the stat.
    await fs.writeFile(file, '{"n":2}');
    expect(await read(file)).toEqual({ n: 2 });
  });

  it('caches no parse errors, and hands out frozen values', async () => {
    const file = path.join(dir, 'state.json');
    const read = cachedFileReader((raw) => JSON.parse(raw) as { list: number[] });
    await fs.writeFile(file, 'not json');
    await expect(read(file)).rejects.toThrow();
    await expect(read(file)).rejects.toThrow();
    await fs.writeFile(file, '{"list":[2,1]}');
    const value = await read(file);
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => value?.list.sort()).toThrow();
  });

  it('reports a file it cannot read with the error code', async () => {
    const read = cachedFileReader((raw) => raw);
    await expect(read(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('turns a file that exists but cannot be read into the caller’s own error, and parse errors pass as thrown', async () => {
    const file = path.join(dir, 'settings.json');
    await fs.mkdir(file); // exists, but reading it fails with EISDIR
    const read = cachedFileReader((raw) => JSON.parse(raw) as unknown, { readError: (code, where) => new Error(`cannot read ${where} (${code})`) });
    await expect(read(file)).rejects.toThrow(`cannot read ${file} (EISDIR)`);
    await fs.rm(file, { recursive: true });
    await fs.writeFile(file, '{not json');
    await expect(read(file)).rejects.toBeInstanceOf(SyntaxError);
    await fs.rm(file);
    expect(await read(file)).toBeNull();
  });
});
