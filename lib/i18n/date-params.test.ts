import { describe, expect, it } from 'vitest';
import { localizeDateParams } from './date-params';

describe('localizeDateParams', () => {
  it('formats ISO dates in the reader\'s locale and leaves other parameters alone', () => {
    const params = { expiry: '2026-06-20T12:00:00.000Z', days: '19' };
    expect(localizeDateParams(params, 'en')).toEqual({ expiry: 'June 20, 2026 at 12:00 PM UTC', days: '19' });
    expect(localizeDateParams(params, 'fr').expiry).toMatch(/^20 juin 2026/);
    expect(localizeDateParams(params, 'zh').expiry).toMatch(/^2026年6月20日/);
  });

  it('leaves a value that is not a date as it is', () => {
    expect(localizeDateParams({ expiry: 'soon' }, 'en')).toEqual({ expiry: 'soon' });
  });
});
