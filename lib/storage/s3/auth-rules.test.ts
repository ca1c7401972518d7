import { describe, expect, it } from 'vitest';
import { createPackagesSettingsSchema, fieldProblems } from '@/lib/settings/schema';

// The Authentication choice in the form's schema (shared by the page, the Manage API and the CLI).

const base = {
  enabled: true,
  serviceUrl: 'https://s3.us-west-2.amazonaws.com',
  bucket: 'ghe-packages',
  accessKey: '',
  secretKey: '',
  region: '',
  pathStyle: 'auto',
  version: 3,
};

function problems(input: Record<string, unknown>, storedSecrets: string[] = []) {
  const result = createPackagesSettingsSchema({ storedSecrets }).safeParse(input);
  return result.success ? [] : fieldProblems(result.error);
}

describe('S3 authentication settings', () => {
  it('absent mode means access keys, which are then required', () => {
    expect(problems(base)).toEqual([
      { field: 'accessKey', code: 'accessKeyRequired', namespace: 'S3Storage.validation' },
      { field: 'secretKey', code: 'secretKeyRequired', namespace: 'S3Storage.validation' },
    ]);
    const parsed = createPackagesSettingsSchema({ storedSecrets: [] }).parse({ ...base, accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 's' });
    expect(parsed).toMatchObject({ authMode: 'keys', roleArn: '', externalId: '' });
  });

  it('a role needs its ARN, not keys; keys given need their secret', () => {
    expect(problems({ ...base, authMode: 'assume-role' })).toEqual([{ field: 'roleArn', code: 'roleArnRequired', namespace: 'S3Storage.validation' }]);
    expect(problems({ ...base, authMode: 'assume-role', roleArn: 'arn:aws:iam::123456789012:role/packages' })).toEqual([]);
    expect(problems({ ...base, authMode: 'assume-role', roleArn: 'arn:aws:iam::123456789012:role/packages', accessKey: 'AKIAIOSFODNN7EXAMPLE' })).toEqual([
      { field: 'secretKey', code: 'secretKeyRequired', namespace: 'S3Storage.validation' },
    ]);
    expect(problems({ ...base, authMode: 'assume-role', roleArn: 'arn:aws:iam::123456789012:role/packages', accessKey: 'AKIAIOSFODNN7EXAMPLE' }, ['secretKey'])).toEqual([]);
  });

  it('refuses a malformed ARN, external ID or mode on their fields', () => {
    expect(problems({ ...base, authMode: 'assume-role', roleArn: 'arn:aws:iam::123:role/x', externalId: 'x' })).toEqual([
      { field: 'roleArn', code: 'roleArnInvalid', namespace: 'S3Storage.validation' },
      { field: 'externalId', code: 'externalIdInvalid', namespace: 'S3Storage.validation' },
    ]);
    expect(problems({ ...base, authMode: 'iam-role' })).toEqual([{ field: 'authMode', code: 'authModeInvalid', namespace: 'S3Storage.validation' }]);
  });

  it("the server's identity needs no keys at all", () => {
    expect(problems({ ...base, authMode: 'instance' })).toEqual([]);
  });
});
