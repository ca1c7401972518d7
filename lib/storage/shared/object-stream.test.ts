import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixedChunks, idleWatch, partSizeFor } from './object-stream';

describe('fixedChunks', () => {
  it('cuts any stream into parts of the size, the last shorter', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
    const pieces = [data.subarray(0, 7), data.subarray(7, 300), data.subarray(300, 301), data.subarray(301)];
    const parts: Buffer[] = [];
    for await (const part of fixedChunks(Readable.from(pieces), 128)) parts.push(part);
    expect(parts.map((part) => part.length)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('sizes parts to stay within the store part count', () => {
    expect(partSizeFor(1, 10_000)).toBe(8 * 1024 * 1024);
    expect(partSizeFor(200 * 1024 ** 3, 10_000)).toBe(Math.ceil((200 * 1024 ** 3) / 10_000));
  });
});

describe('idleWatch', () => {
  it('aborts only when nothing moved for the idle time', async () => {
    const watch = idleWatch(60);
    for (let step = 0; step < 5; step++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      watch.touch();
    }
    expect(watch.signal.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toMatchObject({ name: 'TimeoutError' });
    watch.done();
  });
});
