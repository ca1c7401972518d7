import { describe, expect, it } from 'vitest';
import { flattenGroups, nestDottedNames, nestedGroups } from './nested-names';

describe('nested Manage API names', () => {
  it('nests dotted names one level and opens them again', () => {
    const nested = nestDottedNames({ enabled: true, 'ecosystems.npm': 'enabled', 'ecosystems.build-cache': 'disabled' });
    expect(nested).toEqual({ enabled: true, ecosystems: { npm: 'enabled', 'build-cache': 'disabled' } });
    const groups = nestedGroups(['enabled', 'ecosystems.npm']);
    expect([...groups]).toEqual(['ecosystems']);
    expect(flattenGroups(nested, groups)).toEqual({ enabled: true, 'ecosystems.npm': 'enabled', 'ecosystems.build-cache': 'disabled' });
  });

  it('keeps a group that is not an object under its own name, for the caller to refuse', () => {
    expect(flattenGroups({ ecosystems: 'enabled', other: { a: 1 } }, new Set(['ecosystems']))).toEqual({ ecosystems: 'enabled', other: { a: 1 } });
    expect(flattenGroups({ ecosystems: ['npm'] }, new Set(['ecosystems']))).toEqual({ ecosystems: ['npm'] });
  });
});
