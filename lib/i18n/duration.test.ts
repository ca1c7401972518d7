import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('says the two largest units, in the reader’s language', () => {
    const en = (seconds: number) => formatDuration(seconds, 'en').replaceAll('\u00a0', ' ');
    expect(en(0)).toBe('0 sec');
    expect(en(59)).toBe('59 sec');
    expect(en(61)).toBe('1 min 1 sec');
    expect(en(3 * 3600 + 5 * 60 + 7)).toBe('3 hr 5 min');
    expect(en(2 * 86_400 + 4 * 3600)).toBe('2 days 4 hr');
    expect(en(2 * 86_400 + 5)).toBe('2 days');
    expect(formatDuration(3 * 3600 + 60, 'fr')).toMatch(/^3\s?h 1\s?min$/);
    expect(formatDuration(3 * 3600 + 60, 'zh')).toMatch(/3\s?小时 1\s?分钟/);
  });
});
