import { describe, expect, it } from 'vitest';
import { pathWithoutLocale } from './page-path';

describe('pathWithoutLocale', () => {
  it('drops the locale segment, keeping the rest of the path', () => {
    expect(pathWithoutLocale('/fr/settings/runs')).toBe('/settings/runs');
    expect(pathWithoutLocale('/zh/settings/history')).toBe('/settings/history');
  });

  it('gives the root for a locale home, with or without a trailing slash', () => {
    expect(pathWithoutLocale('/en')).toBe('/');
    expect(pathWithoutLocale('/en/')).toBe('/');
  });

  it('leaves a path that does not start with a known locale alone', () => {
    expect(pathWithoutLocale('/de/settings')).toBe('/de/settings');
    expect(pathWithoutLocale('/settings/en')).toBe('/settings/en');
  });
});
