import { describe, expect, it } from 'vitest';
import { parseIfMatch, parseSettingsChanges } from './settings-body';

const t = (key: string) => key;

describe('parseIfMatch', () => {
  it('reads a version, quoted or weak, and refuses anything else', () => {
    expect(parseIfMatch(null)).toBeNull();
    expect(parseIfMatch('*')).toBeNull();
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch('"7"')).toBe(7);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('seven')).toBe('invalid');
    expect(parseIfMatch('"7", "8"')).toBe('invalid');
  });
});

describe('parseSettingsChanges', () => {
  it('keeps only the given keys, converted to settings fields', () => {
    expect(parseSettingsChanges({ packages: { s3_bucket: ' b-ok ', enabled: true, blob_storage_type: 's3' } }, t)).toEqual({ ok: true, changes: { bucket: 'b-ok', enabled: true, storageType: 's3' } });
  });

  it('lists every problem with its Manage API field name', () => {
    const parsed = parseSettingsChanges({ packages: { s3_region: 'EU', aws_secret_key_set: true, blob_storage_type: 'gcs', nope: 1 }, version: 3 }, t);
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'version', code: 'unknownField', message: 'Validation.unknownField' },
        { field: 's3_region', code: 'regionInvalid', message: 'S3Storage.validation.regionInvalid' },
        { field: 'aws_secret_key_set', code: 'readOnlyField', message: 'ManageApi.readOnlyField' },
        { field: 'blob_storage_type', code: 'invalid', message: 'Validation.invalid' },
        { field: 'nope', code: 'unknownField', message: 'Validation.unknownField' },
      ],
    });
    expect(parseSettingsChanges(null, t)).toMatchObject({ ok: false, errors: [{ code: 'objectExpected' }] });
    expect(parseSettingsChanges({ packages: [] }, t)).toMatchObject({ ok: false, errors: [{ field: 'packages', code: 'objectExpected' }] });
  });
});

describe('parseSettingsChanges with many unknown keys', () => {
  const lookup = (key: string, params?: Record<string, string | number>) => (params ? `${key} ${JSON.stringify(params)}` : key);

  it('names the first ten unknown keys and counts the rest in one issue', () => {
    const packages = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`junk_${index}`, index]));
    const parsed = parseSettingsChanges({ packages: { ...packages, s3_region: 'EU' }, extra: 1 }, lookup);
    if (parsed.ok) throw new Error('expected problems');
    const unknown = parsed.errors.filter((error) => error.code === 'unknownField');
    expect(unknown.map((error) => error.field)).toEqual(['extra', ...Array.from({ length: 9 }, (_, index) => `junk_${index}`)]);
    expect(parsed.errors.find((error) => error.field === 's3_region')?.code).toBe('regionInvalid');
    expect(parsed.errors.at(-1)).toEqual({ field: null, code: 'moreUnknownFields', message: 'ManageApi.moreUnknownFields {"count":4991}' });
    expect(parsed.errors).toHaveLength(12);
  });

  it('lists exactly ten unknown keys without a count', () => {
    const packages = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`junk_${index}`, index]));
    const parsed = parseSettingsChanges({ packages }, lookup);
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.code)).toEqual(Array.from({ length: 10 }, () => 'unknownField'));
  });
});
