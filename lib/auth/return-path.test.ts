import { describe, expect, it } from 'vitest';
import { loginPath, safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('keeps console paths with their query', () => {
    expect(safeReturnPath('/fr/settings/packages', 'en')).toBe('/fr/settings/packages');
    expect(safeReturnPath('/zh/settings/packages?tab=2', 'en')).toBe('/zh/settings/packages?tab=2');
    expect(safeReturnPath('/en', 'fr')).toBe('/en');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/en/settings',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/en/../..//evil.example',
    ' /en/settings/packages',
    '/en/settings\n/packages',
    '/%2F%2Fevil.example',
    '/api/settings/packages',
    '/_next/static/x.js',
    '/en/login',
    '/en/setup?token=x',
    '/de/settings',
    'settings/packages',
    '',
    `/en/${'a'.repeat(2100)}`,
  ])('falls back to the home page for %j', (candidate) => {
    expect(safeReturnPath(candidate, 'fr')).toBe('/fr/settings/packages');
  });

  it('normalizes dot segments that stay on the console', () => {
    expect(safeReturnPath('/en/x/../settings/packages', 'fr')).toBe('/en/settings/packages');
  });

  it('falls back for non-strings', () => {
    expect(safeReturnPath(undefined, 'zh')).toBe('/zh/settings/packages');
    expect(safeReturnPath(['/en'], 'zh')).toBe('/zh/settings/packages');
  });
});

describe('loginPath', () => {
  it('omits the home page as return target and encodes the rest', () => {
    expect(loginPath('en', '/en/settings/packages')).toBe('/en/login');
    expect(loginPath('fr', '/fr/x?a=1&b=2', 'expired')).toBe('/fr/login?next=%2Ffr%2Fx%3Fa%3D1%26b%3D2&reason=expired');
  });
});
