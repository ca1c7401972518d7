import { describe, expect, it } from 'vitest';
import { checkFieldValue, fieldForSettingsKey, settingsProblems } from './key-values';
import { EMPTY_PACKAGES_SETTINGS } from './types';

describe('checkFieldValue', () => {
  it('checks each kind of value on its own, trimming text', () => {
    expect(checkFieldValue('enabled', true)).toEqual({ ok: true, value: true });
    expect(checkFieldValue('enabled', 'true')).toEqual({ ok: false, code: 'enabledInvalid' });
    expect(checkFieldValue('bucket', '  my-bucket ')).toEqual({ ok: true, value: 'my-bucket' });
    expect(checkFieldValue('bucket', 'Bad_Bucket')).toEqual({ ok: false, code: 'bucketCharacters', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('bucket', '')).toEqual({ ok: true, value: '' });
    expect(checkFieldValue('serviceUrl', 'http://s3.example.com')).toEqual({ ok: false, code: 'serviceUrlHttps', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('accessKey', 'ab')).toEqual({ ok: false, code: 'accessKeyLength', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('region', 'US-EAST-1')).toEqual({ ok: false, code: 'regionInvalid', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('pathStyle', 'sideways')).toEqual({ ok: false, code: 'pathStyleInvalid', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('secretKey', '')).toEqual({ ok: false, code: 'secretKeyRequired', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('secretKey', 's'.repeat(257))).toEqual({ ok: false, code: 'secretKeyLength', namespace: 'S3Storage.validation' });
    expect(checkFieldValue('bucket', 'a\nb')).toEqual({ ok: false, code: 'controlCharacters' });
    expect(checkFieldValue('bucket', 42)).toEqual({ ok: false, code: 'invalid' });
    expect(checkFieldValue('serviceUrl', `https://${'a'.repeat(2050)}`)).toEqual({ ok: false, code: 'tooLong' });
  });

  it('maps GitHub Enterprise keys to fields', () => {
    expect(fieldForSettingsKey('secrets.packages.aws-secret-key')).toBe('secretKey');
    expect(fieldForSettingsKey('secrets.packages.blob-storage-type')).toBeNull();
  });

  it('checks the settings as a whole: enabled needs every storage field', () => {
    expect(settingsProblems({ ...EMPTY_PACKAGES_SETTINGS }, 0)).toEqual([]);
    expect(settingsProblems({ ...EMPTY_PACKAGES_SETTINGS, enabled: true, bucket: 'b-ok' }, 3).map((p) => p.code)).toEqual([
      'serviceUrlRequired', 'accessKeyRequired', 'secretKeyRequired',
    ]);
  });

  it('refuses a new access key that would keep the stored secret key, enabled or not (Manage API, CLI)', () => {
    const saved = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, serviceUrl: 'https://s3.eu-west-1.amazonaws.com', bucket: 'packages', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'sealed' };
    const required = [{ field: 'secretKey', code: 'secretKeyRequiredForChange', namespace: 'S3Storage.validation' }];
    for (const enabled of [true, false]) {
      const next = { ...saved, enabled, accessKey: 'AKIAIOSFODNN7OTHERKY' };
      expect(settingsProblems(next, 1, { change: { saved: { ...saved, enabled }, given: ['accessKey'] } })).toEqual(required);
      expect(settingsProblems({ ...next, secretKey: 'new secret' }, 1, { change: { saved: { ...saved, enabled }, given: ['accessKey', 'secretKey'] } })).toEqual([]);
    }
    expect(settingsProblems({ ...saved, bucket: 'other-packages' }, 1, { change: { saved, given: ['bucket'] } })).toEqual([]);
  });
});
