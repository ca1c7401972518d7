import { describe, expect, it } from 'vitest';
import { settingsProblems } from './key-values';
import { createPackagesSettingsSchema, fieldProblems } from './schema';
import { EMPTY_PACKAGES_SETTINGS, toPublicSettings } from './types';
import { mergeSubmission } from '@/lib/config-run/save-steps';

// The form's schema per storage type: the chosen type's fields are checked by its rules, the other
// type's values ride along unchecked and are kept.

const KEY = Buffer.alloc(64, 7).toString('base64');
const CONNECTION = `DefaultEndpointsProtocol=https;AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const s3 = { serviceUrl: 'https://s3.us-west-2.amazonaws.com', bucket: 'ghe-packages', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: '', region: '', pathStyle: 'auto' as const };
const azure = { azureContainerName: 'packages', azureConnectionString: CONNECTION };

function problems(input: Record<string, unknown>, storedSecrets: string[] = []) {
  const result = createPackagesSettingsSchema({ storedSecrets }).safeParse(input);
  return result.success ? [] : fieldProblems(result.error);
}

describe('storage types in the form schema', () => {
  it('checks only the chosen type: Azure with blank S3 fields passes, S3 with them does not', () => {
    expect(problems({ enabled: true, storageType: 'azure', ...s3, bucket: '', ...azure, version: 1 })).toEqual([]);
    expect(problems({ enabled: true, storageType: 's3', ...s3, bucket: '', ...azure, version: 1 }, ['secretKey'])).toEqual([{ field: 'bucket', code: 'bucketRequired', namespace: 'S3Storage.validation' }]);
  });

  it('gives Azure problems with their namespace and arguments, and refuses an unknown type', () => {
    const found = problems({ enabled: true, storageType: 'azure', ...s3, azureContainerName: 'Bad--Name', azureConnectionString: 'AccountName=x;Nonsense=1', version: 1 });
    expect(found).toEqual([
      { field: 'azureContainerName', code: 'containerNameCharacters', namespace: 'AzureStorage.validation' },
      { field: 'azureConnectionString', code: 'connectionStringUnknownKey', namespace: 'AzureStorage.validation', params: { key: 'Nonsense' } },
    ]);
    expect(problems({ enabled: true, storageType: 'gcs', ...s3, ...azure, version: 1 })).toEqual([{ field: 'storageType', code: 'storageTypeInvalid' }]);
  });

  it('keeps a stored connection string when left blank, and requires one when none is stored', () => {
    const blank = { enabled: true, storageType: 'azure', ...s3, ...azure, azureConnectionString: '', version: 1 };
    expect(problems(blank, ['azureConnectionString'])).toEqual([]);
    expect(problems(blank)).toEqual([{ field: 'azureConnectionString', code: 'connectionStringRequired', namespace: 'AzureStorage.validation' }]);
  });

  it('switching type keeps the other type’s saved values, and a saved whole is checked by its type', () => {
    const saved = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, ...s3, secretKey: 'stored-secret', ...azure, storageType: 's3' as const };
    const next = mergeSubmission(saved, { enabled: true, storageType: 'azure', ...s3, bucket: 'typed-but-not-chosen', ...azure, azureConnectionString: '', version: 1 } as never);
    expect(next).toMatchObject({ storageType: 'azure', bucket: 'ghe-packages', secretKey: 'stored-secret', azureConnectionString: CONNECTION });
    expect(settingsProblems(next, 1)).toEqual([]);
    expect(settingsProblems({ ...next, azureContainerName: '' }, 1)).toEqual([{ field: 'azureContainerName', code: 'containerNameRequired', namespace: 'AzureStorage.validation' }]);
    const shown = toPublicSettings({ version: 1, updatedAt: null, packages: next }).packages as unknown as Record<string, unknown>;
    expect(shown).toMatchObject({ azureConnectionStringSet: true, secretKeySet: true });
    expect(JSON.stringify(shown)).not.toContain(KEY);
  });
});
