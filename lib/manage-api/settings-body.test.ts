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
        { field: 's3_region', code: 'regionInvalid', message: 'Validation.regionInvalid' },
        { field: 'aws_secret_key_set', code: 'readOnlyField', message: 'ManageApi.readOnlyField' },
        { field: 'blob_storage_type', code: 'invalid', message: 'Validation.invalid' },
        { field: 'nope', code: 'unknownField', message: 'Validation.unknownField' },
      ],
    });
    expect(parseSettingsChanges(null, t)).toMatchObject({ ok: false, errors: [{ code: 'objectExpected' }] });
    expect(parseSettingsChanges({ packages: [] }, t)).toMatchObject({ ok: false, errors: [{ field: 'packages', code: 'objectExpected' }] });
  });
});
