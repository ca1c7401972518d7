import { describe, expect, it } from 'vitest';
import { S3_RULES } from '@/lib/storage/s3/rules';
import { tiedSecretProblems } from './tied-secrets';

const saved = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'sealed', bucket: 'packages' };
const stored = { storedSecrets: ['secretKey'], newSecrets: [] };
const required = [{ field: 'secretKey', code: 'secretKeyRequiredForChange', namespace: 'S3Storage.validation' }];

describe('tiedSecretProblems', () => {
  it('refuses a new access key that would keep the stored secret key', () => {
    expect(tiedSecretProblems(saved, { ...saved, accessKey: 'AKIAIOSFODNN7OTHERKY' }, stored)).toEqual(required);
    expect(tiedSecretProblems(saved, { ...saved, accessKey: 'AKIAIOSFODNN7OTHERKY' }, stored, [S3_RULES])).toEqual(required);
  });

  it('accepts it with its own secret, the same key, another field, a cleared key, or a secret given before any key', () => {
    expect(tiedSecretProblems(saved, { ...saved, accessKey: 'AKIAIOSFODNN7OTHERKY' }, { storedSecrets: ['secretKey'], newSecrets: ['secretKey'] })).toEqual([]);
    expect(tiedSecretProblems(saved, { ...saved, accessKey: ' AKIAIOSFODNN7EXAMPLE ' }, stored)).toEqual([]);
    expect(tiedSecretProblems(saved, { ...saved, bucket: 'elsewhere' }, stored)).toEqual([]);
    expect(tiedSecretProblems(saved, { ...saved, accessKey: '' }, stored)).toEqual([]);
    expect(tiedSecretProblems({ ...saved, accessKey: '' }, saved, stored)).toEqual([]);
    expect(tiedSecretProblems(saved, { ...saved, accessKey: 'AKIAIOSFODNN7OTHERKY' }, { storedSecrets: [], newSecrets: [] })).toEqual([]);
  });
});
