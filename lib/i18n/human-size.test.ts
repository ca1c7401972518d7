import { describe, expect, it } from 'vitest';
import { humanSize } from './human-size';

describe('humanSize', () => {
  it('gives bytes below a KiB and one decimal above', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1023 B');
    expect(humanSize(1024)).toBe('1.0 KiB');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanSize(9 * 1024 * 1024 + 123)).toBe('9.0 MiB');
    expect(humanSize(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(humanSize(2 * 1024 ** 6)).toBe('2048.0 PiB');
  });
});
