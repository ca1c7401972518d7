import { describe, expect, it } from 'vitest';
import { normalizeKeyPrefix } from './config';
import { dbKey, fileKey, LEGACY_DB_NAME, packageFolder } from './keys';

describe('key layout', () => {
  it('puts the db object, package.json and tarballs under the prefix, scoped names as two levels', () => {
    expect(dbKey('npm/')).toBe('npm/verdaccio-s3-db.json');
    expect(dbKey('npm/', LEGACY_DB_NAME)).toBe('npm/verdaccio-azure-db.json');
    expect(dbKey('')).toBe('verdaccio-s3-db.json');
    expect(fileKey(packageFolder('npm/', '@scope/pkg'), 'package.json')).toBe('npm/@scope/pkg/package.json');
    expect(fileKey(packageFolder('npm/', 'left-pad'), 'left-pad-1.3.0.tgz')).toBe('npm/left-pad/left-pad-1.3.0.tgz');
  });

  it("adds the matching packages rule's storage folder, trimmed of slashes, and ignores a non-string one", () => {
    expect(packageFolder('npm/', 'pkg', '/team-a/')).toBe('npm/team-a/pkg/');
    expect(packageFolder('npm/', 'pkg', 42)).toBe('npm/pkg/');
    expect(packageFolder('', 'pkg', '')).toBe('pkg/');
  });

  it('refuses a file name that would leave the package folder', () => {
    for (const bad of ['', '.', '..', '../other/package.json', 'a/b.tgz']) expect(() => fileKey('npm/pkg/', bad)).toThrow(/invalid file name/);
  });

  it('normalizes the prefix to end in exactly one slash, with none in front', () => {
    expect(normalizeKeyPrefix(undefined)).toBe('');
    expect(normalizeKeyPrefix('npm')).toBe('npm/');
    expect(normalizeKeyPrefix('/npm/')).toBe('npm/');
    expect(normalizeKeyPrefix('a/b')).toBe('a/b/');
  });
});
