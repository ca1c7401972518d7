import { describe, expect, it } from 'vitest';
import { copyProgressView, localSize } from './copy-progress';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const progress = { objectsDone: 1200, objectsTotal: 4000, bytesDone: 1536 * 1024, bytesTotal: 3 * 1024 ** 3, bytesPerSecond: 2.5 * 1024 ** 2, secondsLeft: 3 * 60 + 20, percent: 30.7 };

describe('localSize', () => {
  it('writes bytes below a kibibyte whole, with the locale’s digit grouping', () => {
    expect(localSize(512, 'en')).toBe('512 B');
    expect(localSize(0, 'fr')).toBe('0 B');
  });

  it('uses the locale’s decimal separator and never rounds up past what is done', () => {
    expect(localSize(1536 * 1024, 'en')).toBe('1.5 MiB');
    expect(localSize(1536 * 1024, 'fr')).toBe('1,5 MiB');
    expect(localSize(1536 * 1024, 'zh')).toBe('1.5 MiB');
    expect(localSize(1024 ** 2 - 1, 'en')).toBe('1,023.9 KiB');
    expect(plain(localSize(1024 ** 2 - 1, 'fr'))).toBe('1 023,9 KiB');
  });
});

describe('copyProgressView', () => {
  it('gives sizes, rate and time left in the reader’s locale', () => {
    expect(copyProgressView(progress, 'en')).toEqual({ percent: 30, bytesDone: '1.5 MiB', bytesTotal: '3.0 GiB', rate: '2.5 MiB/s', timeLeft: expect.stringMatching(/^3 min 20 sec$/) });
    const fr = copyProgressView(progress, 'fr');
    expect([fr.bytesDone, fr.rate, plain(fr.timeLeft ?? '')]).toEqual(['1,5 MiB', '2,5 MiB/s', '3 min 20 s']);
    expect(plain(copyProgressView(progress, 'zh').timeLeft ?? '')).toMatch(/^3\s?分钟 20\s?秒$/);
  });

  it('gives no time left while the rate is not known yet', () => {
    expect(copyProgressView({ ...progress, secondsLeft: null }, 'en').timeLeft).toBeNull();
    expect(copyProgressView({ ...progress, bytesPerSecond: 0, secondsLeft: 0 }, 'en').timeLeft).toBeNull();
  });

  it('keeps the percent within 0–100', () => {
    expect(copyProgressView({ ...progress, percent: 140 }, 'en').percent).toBe(100);
    expect(copyProgressView({ ...progress, percent: -1 }, 'en').percent).toBe(0);
  });
});
